import {
  CHANNEL_NAMES,
  type ChannelName,
  type ChannelStatus,
} from '@kyros/contracts/schemas/channels';
import type { PrismaClient } from '@kyros/db/client';

/** The latency median is over each channel's most recent commands, not its whole history. */
const P50_WINDOW = 1000;

/** Every channel with its switch, its counts, its median latency and its last activity. */
export async function listChannels(options: {
  prisma: PrismaClient;
  /** Channels that need setup say whether they have it; any other channel is configured. */
  configured?: Partial<Record<ChannelName, boolean>>;
}): Promise<ChannelStatus[]> {
  const { prisma } = options;
  const [rows, groups] = await Promise.all([
    prisma.channel.findMany(),
    prisma.channelCommand.groupBy({
      by: ['channel', 'outcome'],
      _count: { _all: true },
      _max: { createdAt: true },
    }),
  ]);
  const medians = await Promise.all(CHANNEL_NAMES.map((name) => p50LatencyMs(prisma, name)));
  return CHANNEL_NAMES.map((name, index) => {
    const mine = groups.filter((group) => group.channel === name);
    const count = (outcome: string) =>
      mine.find((group) => group.outcome === outcome)?._count._all ?? 0;
    const last = mine
      .map((group) => group._max.createdAt)
      .filter((at): at is Date => at !== null)
      .sort((a, b) => b.getTime() - a.getTime())[0];
    const counts = { ok: count('ok'), refused: count('refused'), failed: count('failed') };
    return {
      name,
      configured: options.configured?.[name] ?? true,
      enabled: rows.find((row) => row.name === name)?.enabled ?? true,
      counts: { received: counts.ok + counts.refused + counts.failed, ...counts },
      p50_latency_ms: medians[index] ?? null,
      last_activity_at: last?.toISOString() ?? null,
    };
  });
}

async function p50LatencyMs(prisma: PrismaClient, channel: ChannelName): Promise<number | null> {
  const [row] = await prisma.$queryRaw<{ p50: number | null }[]>`
    SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms)::float8 AS p50
    FROM (
      SELECT latency_ms FROM channel_commands
      WHERE channel = ${channel}
      ORDER BY created_at DESC
      LIMIT ${P50_WINDOW}
    ) AS recent`;
  return row?.p50 ?? null;
}
