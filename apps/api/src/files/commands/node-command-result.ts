import { type LogPosition } from '@scaidrive/event-store';

/** What a command on a node wrote: the node it affected and the log position, if it wrote any. */
export interface NodeCommandResult {
  readonly nodeId: string;
  readonly position: LogPosition | null;
}
