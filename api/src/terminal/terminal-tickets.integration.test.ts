// Terminal tickets under many callers: minted by several operators at once, redeemed at once by
// the terminal daemon's own key, and one ticket redeemed by ten callers at the same moment.
import { describe, expect } from 'vitest';
import { ApiError } from '@kyros/contracts/client';
import { TerminalTicketResponse } from '@kyros/contracts/schemas/terminal';
import { test } from '@kyros/test-support/fixtures/integration-test';
import type { TerminalStack } from '@kyros/test-support/stacks/terminal-test-stack';

let stack: TerminalStack;
test.beforeAll(({ terminal }) => {
  stack = terminal;
});

async function mint(person: string): Promise<string> {
  const response = await fetch(`${stack.api.url}/terminal/tickets`, {
    method: 'POST',
    headers: {
      ...(await stack.userHeaders(person, 'operator')),
      'content-type': 'application/json',
    },
    body: '{}',
  });
  expect(response.status).toBe(201);
  return TerminalTicketResponse.parse(await response.json()).ticket;
}

/** The daemon's redemption: the grant's actor, or the refusal's status. */
function redeem(ticket: string): Promise<string | number> {
  return stack.daemonClient.terminal.redeemTicket(ticket).then(
    (grant) => grant.actor,
    (error: unknown) => {
      if (error instanceof ApiError) return error.status;
      throw error;
    },
  );
}

const PEOPLE = ['ana', 'ben', 'cyd'];

describe('terminal tickets, many callers at once', () => {
  test('thirty tickets minted at once by three operators are distinct, and each redeems once as its minter', async () => {
    // Sign everyone in first: the point is concurrent minting, not concurrent sign-ins.
    await Promise.all(PEOPLE.map((person) => stack.userHeaders(person, 'operator')));
    const minted = await Promise.all(
      PEOPLE.flatMap((person) =>
        Array.from({ length: 10 }, async () => ({ person, ticket: await mint(person) })),
      ),
    );
    expect(new Set(minted.map((each) => each.ticket)).size).toBe(30);

    const grants = await Promise.all(minted.map(({ ticket }) => redeem(ticket)));
    minted.forEach(({ person }, i) => {
      expect(grants[i]).toMatch(new RegExp(`^user:${person}-`));
    });
    // Every one of them is used up.
    const again = await Promise.all(minted.map(({ ticket }) => redeem(ticket)));
    expect(again).toEqual(Array<number>(30).fill(404));
  });

  test('one ticket redeemed by ten callers at once lets exactly one in, for each of five tickets', async () => {
    const tickets = await Promise.all(Array.from({ length: 5 }, () => mint('ana')));
    const outcomes = await Promise.all(
      tickets.map((ticket) => Promise.all(Array.from({ length: 10 }, () => redeem(ticket)))),
    );
    for (const answers of outcomes) {
      expect(answers.filter((answer) => answer === 404)).toHaveLength(9);
      expect(answers.filter((answer) => typeof answer === 'string')).toHaveLength(1);
    }
  });
});
