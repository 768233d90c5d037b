import { describe, expect, it } from "vitest";
import { sampleBlock } from "../sample-blocks.js";
import { decodeBlockMessage, encodeBlockMessage } from "./block-message.js";

describe("block message", () => {
  it("carries a block to the writer and back unchanged, system transactions (null fields) included", () => {
    const block = sampleBlock(4, { transactions: 5, eventsPerTransaction: 3 });
    const decoded = decodeBlockMessage(structuredClone(encodeBlockMessage(block)));
    expect({ ...decoded, events: [...decoded.events] }).toEqual({ ...block, events: [...block.events] });
    expect(decoded.transactions[0]?.authorizer).toBeNull();
    expect(decoded.transactions[0]?.envelope).toBeNull();
  });

  it("keeps only the header's own fields, in the flat arrays' fixed order", () => {
    const block = sampleBlock(3, { transactions: 1, eventsPerTransaction: 1 });
    const message = encodeBlockMessage({ ...block, extra: "not sent" } as typeof block);
    expect(Object.keys(message.header).sort()).toEqual(
      ["eventCount", "hash", "height", "parentHash", "stateHash", "timestamp", "transactionCount"].sort(),
    );
    const [tx] = block.transactions;
    const [event] = [...block.events];
    expect(message.transactions).toEqual([tx?.id, tx?.index, tx?.type, tx?.authorizer, tx?.envelope, tx?.result]);
    expect(message.events).toEqual([event?.txIndex, event?.type, event?.data]);
  });
});
