import { describe, expect, it } from '@jest/globals';
import { EventStreamParser } from './event-stream';

describe('event stream parser', () => {
  it('reads named events with ids and data, and skips keep-alive comments', () => {
    const parser = new EventStreamParser();
    expect(parser.push(': keep-alive\n\nevent: notification\nid: 1\ndata: {"a":1}\n\n')).toEqual([{ event: 'notification', id: '1', data: '{"a":1}' }]);
  });

  it('joins events split anywhere across chunks, CRLF included', () => {
    const parser = new EventStreamParser();
    const text = 'event: notification\r\nid: 7\r\ndata: {"title":"Call"}\r\n\r\nevent: notification\r\nid: 8\r\ndata: x\r\n\r\n';
    const events = [...text].flatMap((char) => parser.push(char));
    expect(events).toEqual([
      { event: 'notification', id: '7', data: '{"title":"Call"}' },
      { event: 'notification', id: '8', data: 'x' },
    ]);
  });

  it('joins data lines with a newline, names untyped events message and drops events without data', () => {
    const parser = new EventStreamParser();
    expect(parser.push('data: one\ndata:two\n\nevent: ping\n\nid: 3\n\ndata\n\n')).toEqual([
      { event: 'message', id: undefined, data: 'one\ntwo' },
      { event: 'message', id: '3', data: '' },
    ]);
  });

  it('keeps an unfinished event until its blank line arrives', () => {
    const parser = new EventStreamParser();
    expect(parser.push('event: notification\ndata: half')).toEqual([]);
    expect(parser.push('\n')).toEqual([]);
    expect(parser.push('\r')).toEqual([{ event: 'notification', id: undefined, data: 'half' }]);
    expect(parser.push('\ndata: next\n\n')).toEqual([{ event: 'message', id: undefined, data: 'next' }]);
  });
});
