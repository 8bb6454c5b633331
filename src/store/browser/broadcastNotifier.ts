import { copyChangeEvent, isChangeEvent } from '../changes';
import { Listeners } from '../listeners';
import { closedError } from '../closed';
import type { ChangeEvent, ChangeNotifier } from '../ports';
import { changeChannelName } from './names';

/**
 * Tells the other tabs and workers of this browser that a commit landed in one pond, over
 * `BroadcastChannel('duckpond:changes:<localId>')`. A channel never delivers to the object that posted, so
 * own publications do not come back.
 */
export class BroadcastChangeNotifier implements ChangeNotifier {
  private readonly channel: BroadcastChannel;
  private readonly listeners = new Listeners<ChangeEvent>();
  private closed = false;

  constructor(readonly localId: string) {
    this.channel = new BroadcastChannel(changeChannelName(localId));
    this.channel.onmessage = (message: MessageEvent<unknown>) => {
      // Another tab may run another version of the app: only well-formed events reach listeners.
      if (isChangeEvent(message.data)) this.listeners.emit(message.data, copyChangeEvent);
    };
  }

  publish(event: ChangeEvent): void {
    if (this.closed) throw closedError(`change channel ${changeChannelName(this.localId)}`);
    this.channel.postMessage(copyChangeEvent(event));
  }

  subscribe(listener: (event: ChangeEvent) => void): () => void {
    if (this.closed) throw closedError(`change channel ${changeChannelName(this.localId)}`);
    return this.listeners.add(listener);
  }

  close(): void {
    this.closed = true;
    this.listeners.clear();
    this.channel.close();
  }
}
