import type { Redis } from "ioredis";
import type { Logger } from "../logger.ts";
import type { RedisLink } from "./RedisLink.ts";

interface Envelope {
  from: string;
  topic: string;
  payload: unknown;
}

export type TopicHandler = (payload: unknown, from: string) => void;

/**
 * Plain JSON messages between the servers of a cluster, on one Redis
 * channel, by topic (change events, negotiation events, roster shares). A
 * server ignores what it sent itself: it applied that already. Nothing is
 * queued while Redis is down — a message that cannot be sent is dropped, and
 * every server re-reads what matters from the database when Redis is back.
 */
export class ClusterRelay {
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly handlers = new Map<string, TopicHandler>();
  private readonly channel: string;

  constructor(
    private readonly link: RedisLink,
    readonly serverId: string,
    prefix: string,
    private readonly logger: Logger,
  ) {
    this.channel = `${prefix}#servers`;
    this.pub = link.client("relay", { queueWhileDown: false });
    this.sub = link.client("relay-listen");
    this.sub
      .subscribe(this.channel)
      .catch((error: unknown) => logger.error("could not listen to the other servers", { error: String(error) }));
    this.sub.on("message", (channel: string, text: string) => {
      if (channel === this.channel) this.receive(text);
    });
  }

  on(topic: string, handler: TopicHandler): void {
    this.handlers.set(topic, handler);
  }

  /** Sends to every other server; false if Redis is down (the message is dropped). */
  send(topic: string, payload: unknown): boolean {
    if (!this.link.up) return false;
    const envelope: Envelope = { from: this.serverId, topic, payload };
    this.pub
      .publish(this.channel, JSON.stringify(envelope))
      .catch((error: unknown) =>
        this.logger.warn("could not reach the other servers", { topic, error: String(error) }),
      );
    return true;
  }

  private receive(text: string): void {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(text) as Envelope;
    } catch {
      this.logger.warn("unreadable message from another server", { size: text.length });
      return;
    }
    if (envelope.from === this.serverId || typeof envelope.topic !== "string") return;
    const handler = this.handlers.get(envelope.topic);
    if (!handler) return;
    try {
      handler(envelope.payload, envelope.from);
    } catch (error) {
      this.logger.error("applying a message from another server failed", {
        topic: envelope.topic,
        error: String(error),
      });
    }
  }
}
