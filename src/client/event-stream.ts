/**
 * A parser for `text/event-stream` (the HTML "server-sent events" format), fed text as it arrives in chunks of
 * any size: lines end with CRLF, LF or CR (a CR at the end of one chunk and an LF at the start of the next are one
 * line end); `event:`, `data:` and `id:` fields, one optional space after the colon; several `data:` lines joined
 * with LF; lines starting with a colon are comments (the node's keep-alives); a blank line dispatches the message.
 * `retry:` and unknown fields are ignored; a message without data is not dispatched, as a browser does.
 */

export interface EventStreamMessage {
  /** The `event:` field; `"message"` when the message has none. */
  event: string;
  data: string;
  /** The last `id:` seen on the stream so far (empty when none). */
  lastEventId: string;
}

export interface EventStreamParser {
  /** Feeds decoded text; dispatches every message it completes. */
  push(text: string): void;
  /** The stream ended: a message not followed by a blank line is discarded, as the format requires. */
  end(): void;
}

export function createEventStreamParser(onMessage: (message: EventStreamMessage) => void): EventStreamParser {
  let buffer = "";
  let started = false;
  let skipLeadingLf = false;
  let eventType = "";
  let data: string[] = [];
  let lastEventId = "";

  function dispatch(): void {
    const type = eventType === "" ? "message" : eventType;
    const lines = data;
    eventType = "";
    data = [];
    if (lines.length === 0) return;
    onMessage({ event: type, data: lines.join("\n"), lastEventId });
  }

  function line(text: string): void {
    if (text === "") {
      dispatch();
      return;
    }
    if (text.startsWith(":")) return;
    const colon = text.indexOf(":");
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? "" : text.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    switch (field) {
      case "event":
        eventType = value;
        break;
      case "data":
        data.push(value);
        break;
      case "id":
        if (!value.includes("\0")) lastEventId = value;
        break;
      default:
        break;
    }
  }

  return {
    push(text: string): void {
      let chunk = text;
      if (!started && chunk.length > 0) {
        started = true;
        if (chunk.startsWith("\uFEFF")) chunk = chunk.slice(1);
      }
      if (skipLeadingLf && chunk.startsWith("\n")) chunk = chunk.slice(1);
      skipLeadingLf = false;
      buffer += chunk;
      let start = 0;
      for (let i = 0; i < buffer.length; i++) {
        const c = buffer[i];
        if (c !== "\n" && c !== "\r") continue;
        line(buffer.slice(start, i));
        if (c === "\r") {
          if (i + 1 === buffer.length) skipLeadingLf = true;
          else if (buffer[i + 1] === "\n") i++;
        }
        start = i + 1;
      }
      buffer = buffer.slice(start);
    },
    end(): void {
      buffer = "";
      eventType = "";
      data = [];
    },
  };
}
