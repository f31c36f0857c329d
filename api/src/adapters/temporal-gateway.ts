import { Client, Connection } from '@temporalio/client';
import type { KyrosConfig } from '@kyros/contracts/config';

/**
 * The API's Temporal client, connected on first use: the API starts (and answers /readyz with 503)
 * while Temporal is down, and connects as soon as Temporal is back.
 */
export class TemporalGateway {
  private connecting: Promise<Client> | undefined;
  private connection: Connection | undefined;

  constructor(
    private readonly options: Pick<KyrosConfig['temporal'], 'namespace' | 'tls' | 'apiKey'> & {
      address: string;
      connectTimeoutMs: number;
    },
  ) {}

  get namespace(): string {
    return this.options.namespace;
  }

  client(): Promise<Client> {
    this.connecting ??= this.connect().catch((error: unknown) => {
      this.connecting = undefined;
      throw error;
    });
    return this.connecting;
  }

  /** Resolves when the frontend answers; rejects with its error otherwise. */
  async ping(): Promise<void> {
    const client = await this.client();
    await client.workflowService.getSystemInfo({});
  }

  async close(): Promise<void> {
    const connection = this.connection;
    this.connecting = undefined;
    this.connection = undefined;
    await connection?.close();
  }

  private async connect(): Promise<Client> {
    const connection = await Connection.connect({
      address: this.options.address,
      tls: this.options.tls,
      apiKey: this.options.apiKey,
      connectTimeout: this.options.connectTimeoutMs,
    });
    this.connection = connection;
    return new Client({ connection, namespace: this.options.namespace });
  }
}
