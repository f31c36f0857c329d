interface Step {
  name: string;
  undo: () => Promise<void>;
}

/**
 * Everything the benchmark must undo — child processes, temp directories — registered as it is
 * created and undone in reverse order, at the end of a run, on an error, and on Ctrl-C or SIGTERM.
 */
export class Cleanup {
  readonly #steps: Step[] = [];
  /** Undo steps for things created after teardown began (a phase still finishing its start-up). */
  readonly #late: Promise<void>[] = [];
  #running: Promise<void> | undefined;

  /** Registers an undo step; returns a function that runs it early (and only once). */
  add(name: string, undo: () => Promise<void>): () => Promise<void> {
    const step = { name, undo };
    if (this.#running) {
      this.#late.push(runStep(step));
      return () => Promise.resolve();
    }
    this.#steps.push(step);
    return async () => {
      const index = this.#steps.indexOf(step);
      if (index === -1) return;
      this.#steps.splice(index, 1);
      await undo();
    };
  }

  #interrupted = false;

  /** True once a signal arrived: failures after it are the teardown's doing, not the run's. */
  get interrupted(): boolean {
    return this.#interrupted;
  }

  runAll(): Promise<void> {
    this.#running ??= (async () => {
      for (let step = this.#steps.pop(); step; step = this.#steps.pop()) await runStep(step);
    })();
    return this.#running;
  }

  /**
   * Runs a benchmark's `main`, then undoes everything. A failure sets exit code 1, unless a
   * signal came first: after Ctrl-C the phases fail on purpose, and the signal handler reports.
   */
  async run(main: () => Promise<void>): Promise<void> {
    try {
      await main();
    } catch (error) {
      await this.runAll();
      if (this.interrupted) return;
      console.error(error);
      process.exitCode = 1;
      return;
    }
    await this.runAll();
  }

  /** On SIGINT/SIGTERM: undo everything, then exit with the conventional 128 + signal code. */
  exitOnSignals(): void {
    const onSignal = async (signal: NodeJS.Signals, code: number) => {
      this.#interrupted = true;
      console.error(`\n${signal}: stopping the benchmark and cleaning up…`);
      await this.runAll();
      // Checked and exited in one synchronous step, so nothing can be created in between.
      while (this.#late.length > 0) await Promise.all(this.#late.splice(0));
      process.exit(code);
    };
    process.once('SIGINT', () => void onSignal('SIGINT', 130));
    process.once('SIGTERM', () => void onSignal('SIGTERM', 143));
  }
}

async function runStep(step: Step): Promise<void> {
  await step.undo().catch((error: unknown) => {
    console.error(`cleanup: ${step.name} failed: ${String(error)}`);
  });
}
