import type { HizirHandoff, HizirHandoffSink } from '../hizir/hizir-handoff';

interface OfficerQueue {
  enqueueOfficerTask(h: HizirHandoff): Promise<void>;
}

/**
 * Hızır's hand-off sink: a low-confidence answer becomes an officer task on the konsolosluk
 * queue. HizirModule.register() takes the sink as a value when the app module is built, before
 * the queue exists, so KonsoloslukService attaches itself when it is created.
 */
export class OfficerHandoffSink implements HizirHandoffSink {
  private target: OfficerQueue | undefined;

  attach(target: OfficerQueue): void {
    this.target = target;
  }

  async handoff(request: HizirHandoff): Promise<void> {
    if (!this.target) throw new Error('officer queue not ready');
    await this.target.enqueueOfficerTask(request);
  }
}
