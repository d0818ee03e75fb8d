/** One Server-Sent Event: its type (`message` when the stream names none), its id if it carries one, and its data. */
export interface ServerEvent {
  event: string;
  id?: string;
  data: string;
}

/**
 * Reads a `text/event-stream` as it arrives, chunk by chunk, after the WHATWG rules this app meets: lines end in CR, LF
 * or CRLF (a CRLF may be split across chunks), a blank line ends an event, `:` starts a comment (the server's
 * keep-alive), data lines join with LF, and an event without data is no event.
 */
export class EventStreamParser {
  private buffer = '';
  private pendingCr = false;
  private event = '';
  private id: string | undefined;
  private data: string[] = [];

  /** The events completed by this chunk of text. */
  push(chunk: string): ServerEvent[] {
    let text = chunk;
    // A CR that ended the previous chunk has been taken as a line end already; its LF is not a second one.
    if (this.pendingCr && text.startsWith('\n')) text = text.slice(1);
    this.pendingCr = false;
    this.buffer += text;
    const events: ServerEvent[] = [];
    let start = 0;
    for (let index = 0; index < this.buffer.length; index++) {
      const char = this.buffer[index];
      if (char !== '\n' && char !== '\r') continue;
      const line = this.buffer.slice(start, index);
      if (char === '\r') {
        if (index + 1 === this.buffer.length) this.pendingCr = true;
        else if (this.buffer[index + 1] === '\n') index++;
      }
      start = index + 1;
      const event = this.line(line);
      if (event) events.push(event);
    }
    this.buffer = this.buffer.slice(start);
    return events;
  }

  private line(line: string): ServerEvent | null {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return null;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.event = value;
    else if (field === 'data') this.data.push(value);
    else if (field === 'id' && !value.includes('\0')) this.id = value;
    return null;
  }

  private dispatch(): ServerEvent | null {
    const event = this.data.length ? { event: this.event || 'message', id: this.id, data: this.data.join('\n') } : null;
    // The last event id stays for the events after it, as in EventSource; the type and data are per event.
    this.event = '';
    this.data = [];
    return event;
  }
}

/** The events of a streamed body, until it ends; cancelling the reader (an aborted fetch) ends it with an error. */
export async function* readEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<ServerEvent> {
  const parser = new EventStreamParser();
  const decoder = new TextDecoder();
  const reader = body.getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      // `stream` keeps a character split across chunks for the next one.
      yield* parser.push(decoder.decode(value, { stream: true }));
    }
  } finally {
    reader.releaseLock();
  }
}
