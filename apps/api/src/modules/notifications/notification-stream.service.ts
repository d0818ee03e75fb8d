import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import pg from 'pg';
import { DataSource } from 'typeorm';
import type { Actor } from '../../core/auth/actor.js';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config.js';
import type { NotificationDto } from './dto/notification.dto.js';
import { NOTIFICATION_CHANNEL, NotificationsService } from './notifications.service.js';

const HEARTBEAT_MS = 25_000;
/** At most this many missed notifications are replayed on a reconnect; the list endpoint has the rest. */
const REPLAY_LIMIT = 200;
const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 30_000;
/** A client that stopped reading with this much queued is cut off; it reconnects with Last-Event-ID. */
const MAX_BUFFERED_BYTES = 1 << 20;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Stream {
  userId: string;
  response: ServerResponse;
  /** The last notification this stream has seen: replays after a lost LISTEN connection start there. */
  cursor: string | null;
  /** Ids already sent, so that a replay and a signal crossing each other send nothing twice. */
  sent: Set<string>;
  /**
   * For a stream opened without Last-Event-ID: the newest notification when it opened. A signal of an older one can
   * still arrive after the opening (LISTEN delivers it late under load) and must not be sent.
   */
  floor: { createdAt: string; id: string } | null;
  /** Writes happen one after another, in order. */
  queue: Promise<void>;
  timers: NodeJS.Timeout[];
}

interface Signal {
  userId: string;
  id: string;
}

/**
 * The live side of notifications: Server-Sent Events streams of the users connected to this instance, fed by one
 * dedicated PostgreSQL LISTEN connection per instance. A notification written by any instance (`pg_notify` at commit)
 * wakes every instance, and each pushes it to its own streams of that user. The LISTEN connection is not from the pool
 * (a pooled one would be handed to other work); when it drops it is opened again, and what the streams missed meanwhile
 * is replayed from the table.
 */
@Injectable()
export class NotificationStreamService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('NotificationStream');
  private readonly streams = new Map<string, Set<Stream>>();
  private listener: pg.Client | null = null;
  private reconnectDelay = RECONNECT_MIN_MS;
  private reconnectTimer?: NodeJS.Timeout;
  private stopping = false;
  /** Signals of one event-loop turn, delivered together (a sweep may fire many reminders in one commit). */
  private pending = new Map<string, Set<string>>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly notifications: NotificationsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** How many streams are open on this instance. */
  get openStreams(): number {
    let count = 0;
    for (const streams of this.streams.values()) count += streams.size;
    return count;
  }

  /** Whether this instance's LISTEN connection is up. */
  get listening(): boolean {
    return this.listener !== null;
  }

  async onApplicationBootstrap(): Promise<void> {
    // The OpenAPI script builds the application without a database.
    if (!this.dataSource.isInitialized) return;
    await this.listen();
  }

  /** Ends every stream (clients reconnect to another instance with Last-Event-ID), then the LISTEN connection. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.reconnectTimer);
    for (const streams of this.streams.values()) for (const stream of streams) this.end(stream);
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
  }

  /**
   * Takes over the response and keeps it open as an event stream of the actor's notifications: first those written
   * after `lastEventId`, if given, then each new one as it is written. The stream ends after the access token
   * lifetime, so that a disabled account stops receiving; the client reconnects with Last-Event-ID.
   */
  async streamNotifications(actor: Actor, reply: FastifyReply, lastEventId: string | undefined): Promise<void> {
    const response = reply.raw;
    // Headers set by hooks so far (request id, security, CORS) go out with the stream's own.
    const headers = reply.getHeaders() as OutgoingHttpHeaders;
    reply.hijack();
    response.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      // One stream per connection; its end (token lifetime, shutdown) closes the connection too.
      connection: 'close',
      // nginx and similar proxies would otherwise hold events back in their buffers.
      'x-accel-buffering': 'no',
    });
    response.write(': connected\n\n');

    const replayFrom = lastEventId && UUID.test(lastEventId) ? lastEventId : null;
    const stream: Stream = { userId: actor.userId, response, cursor: replayFrom, sent: new Set(), floor: null, queue: Promise.resolve(), timers: [] };
    let streams = this.streams.get(actor.userId);
    if (!streams) this.streams.set(actor.userId, (streams = new Set()));
    streams.add(stream);
    response.on('close', () => this.forget(stream));
    stream.timers.push(
      setInterval(() => this.write(stream, ': heartbeat\n\n'), HEARTBEAT_MS).unref(),
      setTimeout(() => this.end(stream), this.config.accessTokenTtlSeconds * 1000).unref(),
    );

    // Registered before reading, so that nothing written meanwhile is lost; `sent` drops what both paths find.
    this.enqueue(stream, async () => {
      if (replayFrom) await this.replay(stream);
      else {
        stream.floor = await this.notifications.newest(stream.userId);
        stream.cursor ??= stream.floor?.id ?? null;
      }
    });
  }

  private async listen(): Promise<void> {
    if (this.stopping) return;
    const url = (this.dataSource.options as { url?: string }).url;
    const client = new pg.Client({ connectionString: url, application_name: 'crm-notifications' });
    const lost = (error?: Error) => {
      if (this.listener !== client) return;
      this.listener = null;
      if (error) this.logger.warn({ err: error }, 'Notification listener lost; reconnecting');
      void client.end().catch(() => undefined);
      this.scheduleReconnect();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    client.on('notification', (message) => {
      if (message.channel === NOTIFICATION_CHANNEL && message.payload) this.signal(message.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${NOTIFICATION_CHANNEL}`);
    } catch (error) {
      this.logger.warn({ err: error }, 'Notification listener could not connect; retrying');
      void client.end().catch(() => undefined);
      this.scheduleReconnect();
      return;
    }
    if (this.stopping) {
      await client.end().catch(() => undefined);
      return;
    }
    const wasDown = this.reconnectDelay > RECONNECT_MIN_MS;
    this.listener = client;
    this.reconnectDelay = RECONNECT_MIN_MS;
    // Signals sent while the connection was down are gone; the table still has what they announced.
    if (wasDown) for (const streams of this.streams.values()) for (const stream of streams) this.enqueue(stream, () => this.replay(stream));
  }

  private scheduleReconnect(): void {
    if (this.stopping) return;
    const delay = this.reconnectDelay;
    this.reconnectDelay = Math.min(delay * 2, RECONNECT_MAX_MS);
    this.reconnectTimer = setTimeout(() => void this.listen(), delay).unref();
  }

  private signal(payload: string): void {
    let signal: Signal;
    try {
      signal = JSON.parse(payload) as Signal;
    } catch {
      return;
    }
    if (!this.streams.has(signal.userId)) return;
    const first = this.pending.size === 0;
    let ids = this.pending.get(signal.userId);
    if (!ids) this.pending.set(signal.userId, (ids = new Set()));
    ids.add(signal.id);
    if (first) setImmediate(() => this.flush());
  }

  private flush(): void {
    const pending = this.pending;
    this.pending = new Map();
    for (const [userId, ids] of pending) {
      const streams = this.streams.get(userId);
      if (!streams) continue;
      const found = this.notifications.findForUser(userId, [...ids]);
      // Read once for all the user's streams here; each writes in its own order.
      found.catch((error: unknown) => this.logger.error({ err: error }, 'Could not read notifications for a stream'));
      for (const stream of streams) this.enqueue(stream, async () => this.send(stream, await found));
    }
  }

  private async replay(stream: Stream): Promise<void> {
    this.send(stream, await this.notifications.findAfter(stream.userId, stream.cursor, REPLAY_LIMIT));
  }

  private send(stream: Stream, notifications: NotificationDto[]): void {
    const { floor } = stream;
    for (const notification of notifications) {
      if (stream.sent.has(notification.id)) continue;
      // ISO times in UTC and uuids both compare as text the way PostgreSQL orders them.
      if (floor && (notification.createdAt < floor.createdAt || (notification.createdAt === floor.createdAt && notification.id <= floor.id))) continue;
      stream.sent.add(notification.id);
      stream.cursor = notification.id;
      this.write(stream, `id: ${notification.id}\nevent: notification\ndata: ${JSON.stringify(notification)}\n\n`);
    }
    // Only recent ids can cross a replay; keep the set small on a long-lived stream.
    if (stream.sent.size > 2 * REPLAY_LIMIT) stream.sent = new Set([...stream.sent].slice(-REPLAY_LIMIT));
  }

  private enqueue(stream: Stream, work: () => Promise<void>): void {
    stream.queue = stream.queue.then(work).catch((error: unknown) => {
      this.logger.error({ err: error }, 'Notification stream failed; closing it');
      this.end(stream);
    });
  }

  private write(stream: Stream, text: string): void {
    const { response } = stream;
    if (response.writableEnded || response.destroyed) return;
    if (response.writableLength > MAX_BUFFERED_BYTES) {
      response.destroy();
      return;
    }
    response.write(text);
  }

  private end(stream: Stream): void {
    this.forget(stream);
    if (!stream.response.writableEnded) stream.response.end();
  }

  private forget(stream: Stream): void {
    for (const timer of stream.timers) clearTimeout(timer);
    const streams = this.streams.get(stream.userId);
    if (!streams?.delete(stream)) return;
    if (!streams.size) this.streams.delete(stream.userId);
  }
}
