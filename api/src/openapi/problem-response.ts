import { PROBLEM_CONTENT_TYPE, ProblemSchema } from '@kyros/contracts/schemas/problem';

/** The `default` response every documented route shares: an RFC 9457 problem. */
export const problemResponse = {
  default: {
    description: 'An error, as RFC 9457 problem details',
    content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema } },
  },
} as const;
