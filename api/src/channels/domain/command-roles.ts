import type { ChannelCommandName } from '@kyros/contracts/schemas/channels';
import type { Role } from '../../auth/principal.ts';

/**
 * The role each command needs: exactly what its REST route asks (docs/AUTH.md). Collaboration
 * reads are for viewers and writes for agents; jobs are for operators.
 */
export const COMMAND_ROLES: Readonly<Record<ChannelCommandName, Role>> = {
  claim: 'agent',
  transition: 'agent',
  run: 'agent',
  cancel: 'agent',
  approve: 'agent',
  status: 'viewer',
  tasks: 'viewer',
  start_job: 'operator',
  accept_job: 'operator',
  export_job: 'operator',
  help: 'viewer',
};
