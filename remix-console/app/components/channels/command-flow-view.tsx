import {
  tripEdges,
  tripPath,
  type CommandFlow,
  type FlowOutcome,
  type FlowTrip,
} from '../../lib/command-flow.ts';

const WIDTH = 760;
const ROW = 46;
const COLUMNS = [70, 270, 470, 690];
const OUTCOMES: FlowOutcome[] = ['ok', 'refused', 'failed'];
const OUTCOME_COLOURS: Record<FlowOutcome, string> = {
  ok: '#10b981',
  refused: '#f59e0b',
  failed: '#f43f5e',
};
const MAX_OPERATIONS = 7;

interface FlowNode {
  id: string;
  label: string;
  count: number;
  x: number;
  y: number;
  colour?: string;
}

/** Columns of nodes: channels, the parser (and what it could not read), operations, outcomes. */
function layout(flow: CommandFlow, channelNames: readonly string[]) {
  const channels = [...new Set([...channelNames, ...Object.keys(flow.channels)])];
  const operations = Object.entries(flow.operations)
    .sort((a, b) => b[1] - a[1])
    .slice(0, MAX_OPERATIONS)
    .map(([name]) => name);
  const columns: Omit<FlowNode, 'x' | 'y'>[][] = [
    channels.map((name) => ({
      id: `channel:${name}`,
      label: name,
      count: flow.channels[name] ?? 0,
    })),
    [
      { id: 'parse', label: 'parsed', count: flow.parse.parsed },
      { id: 'parse:unreadable', label: 'unreadable', count: flow.parse.unreadable },
    ],
    operations.length > 0
      ? operations.map((name) => ({
          id: `op:${name}`,
          label: name,
          count: flow.operations[name] ?? 0,
        }))
      : [{ id: 'op:none', label: 'no command yet', count: 0 }],
    OUTCOMES.map((outcome) => ({
      id: `result:${outcome}`,
      label: outcome,
      count: flow.results[outcome],
      colour: OUTCOME_COLOURS[outcome],
    })),
  ];
  const rows = Math.max(...columns.map((column) => column.length));
  const height = rows * ROW + 24;
  const nodes = new Map<string, FlowNode>();
  columns.forEach((column, index) => {
    const top = (height - column.length * ROW) / 2 + ROW / 2;
    column.forEach((node, row) =>
      nodes.set(node.id, { ...node, x: COLUMNS[index] ?? 0, y: top + row * ROW }),
    );
  });
  return { nodes, height };
}

function curve(from: FlowNode, to: FlowNode): string {
  const mid = (from.x + to.x) / 2;
  return `M${from.x + 52},${from.y} C${mid},${from.y} ${mid},${to.y} ${to.x - 52},${to.y}`;
}

/**
 * Channel → parse → operation → result, drawn from the flow's counts; the newest command travels
 * its path as a pulse (keyed by its event id, so each new command restarts the animation).
 */
export function CommandFlowView({
  flow,
  channelNames,
}: {
  flow: CommandFlow;
  channelNames: readonly string[];
}) {
  const { nodes, height } = layout(flow, channelNames);
  const latest: FlowTrip | undefined = flow.recent[0];
  const hot = new Set(latest ? tripEdges(latest) : []);
  const edges = Object.entries(flow.edges).flatMap(([key, count]) => {
    const [fromId, toId] = key.split('→');
    const from = nodes.get(fromId ?? '');
    const to = nodes.get(toId ?? '');
    return from && to ? [{ key, count, d: curve(from, to) }] : [];
  });
  const maxCount = Math.max(1, ...edges.map((edge) => edge.count));
  const pulsePath = latest
    ? tripPath(latest)
        .map((id) => nodes.get(id))
        .filter((node): node is FlowNode => Boolean(node))
    : [];
  return (
    <figure className="m-0" data-testid="command-flow" data-latest={latest?.id ?? ''}>
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        className="h-auto w-full"
        role="img"
        aria-label="Commands flowing from channels through the parser to operations and results"
      >
        {['Channel', 'Parse', 'Operation', 'Result'].map((title, index) => (
          <text
            key={title}
            x={COLUMNS[index]}
            y={12}
            textAnchor="middle"
            className="fill-[var(--color-subtle)] text-[10px] font-semibold uppercase tracking-widest"
          >
            {title}
          </text>
        ))}
        {edges.map((edge) => (
          <path
            key={edge.key}
            d={edge.d}
            fill="none"
            data-edge={edge.key}
            stroke={hot.has(edge.key) ? 'var(--color-accent)' : 'var(--color-line-strong)'}
            strokeOpacity={hot.has(edge.key) ? 0.9 : 0.8}
            strokeWidth={1 + (4 * edge.count) / maxCount}
          />
        ))}
        {[...nodes.values()].map((node) => (
          <g key={node.id} data-node={node.id} data-count={node.count}>
            <rect
              x={node.x - 52}
              y={node.y - 15}
              width={104}
              height={30}
              rx={9}
              fill="var(--color-raised)"
              stroke={node.colour ?? 'var(--color-line-strong)'}
              strokeOpacity={node.colour ? 0.7 : 1}
            />
            <text
              x={node.x - 42}
              y={node.y + 4}
              className="fill-[var(--color-fg)] font-mono text-[11px]"
            >
              {node.label.length > 11 ? `${node.label.slice(0, 10)}…` : node.label}
            </text>
            <text
              x={node.x + 43}
              y={node.y + 4}
              textAnchor="end"
              className="fill-[var(--color-muted)] font-mono text-[11px] tabular-nums"
            >
              {node.count}
            </text>
          </g>
        ))}
        {latest && pulsePath.length > 1 ? (
          <circle
            key={latest.id}
            r={6}
            fill={OUTCOME_COLOURS[latest.outcome]}
            data-testid="command-flow-pulse"
          >
            <animateMotion
              dur="1.4s"
              fill="freeze"
              path={pulsePath
                .map((node, index) => `${index === 0 ? 'M' : 'L'}${node.x},${node.y}`)
                .join(' ')}
            />
          </circle>
        ) : null}
      </svg>
    </figure>
  );
}
