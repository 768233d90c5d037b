import { describe, expect, it } from "vitest";
import { createEventStreamParser, type EventStreamMessage } from "./event-stream.js";

function parse(chunks: readonly string[], end = true): EventStreamMessage[] {
  const messages: EventStreamMessage[] = [];
  const parser = createEventStreamParser((message) => messages.push(message));
  for (const chunk of chunks) parser.push(chunk);
  if (end) parser.end();
  return messages;
}

describe("createEventStreamParser", () => {
  it("dispatches a message at a blank line, with its event type and data", () => {
    expect(parse(['event: ledger\ndata: {"a":1}\n\n'])).toEqual([
      { event: "ledger", data: '{"a":1}', lastEventId: "" },
    ]);
  });

  it("reads the same messages whatever the chunk boundaries, one character at a time included", () => {
    const text = "event: ledger\r\ndata: one\r\n\r\n: keep-alive\r\n\r\nevent: ledger\rdata: two\r\r";
    const whole = parse([text]);
    expect(whole.map((m) => m.data)).toEqual(["one", "two"]);
    expect(parse([...text])).toEqual(whole);
    for (let cut = 1; cut < text.length; cut++) {
      expect(parse([text.slice(0, cut), text.slice(cut)]), `cut at ${cut}`).toEqual(whole);
    }
  });

  it("treats a CR at the end of a chunk and an LF at the start of the next as one line end", () => {
    expect(parse(["data: a\r", "\ndata: b\r", "\n\r", "\n"])).toEqual([
      { event: "message", data: "a\nb", lastEventId: "" },
    ]);
  });

  it("joins data lines with LF, removes one leading space only, and accepts a field without a colon", () => {
    expect(parse(["data:  two spaces\ndata\ndata:x\n\n"]).map((m) => m.data)).toEqual([" two spaces\n\nx"]);
  });

  it("ignores comments, retry and unknown fields; does not dispatch a message without data", () => {
    expect(parse([": hello\nretry: 10\nfoo: bar\nevent: ledger\n\ndata: z\n\n"])).toEqual([
      { event: "message", data: "z", lastEventId: "" },
    ]);
  });

  it("keeps the last id across messages and strips a leading byte order mark", () => {
    const messages = parse(["\uFEFFid: 7\ndata: a\n\ndata: b\n\n"]);
    expect(messages.map((m) => [m.data, m.lastEventId])).toEqual([
      ["a", "7"],
      ["b", "7"],
    ]);
  });

  it("discards a message cut off by the end of the stream", () => {
    expect(parse(["data: complete\n\ndata: cut"])).toHaveLength(1);
  });
});
