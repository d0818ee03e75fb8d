import { Controller, createParamDecorator, type ExecutionContext, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../core/auth/actor.js';
import { Authenticated, CurrentActor } from '../../core/auth/auth.decorators.js';
import { IdParam } from '../../core/http/id-param.js';
import { ProblemDto } from '../../core/openapi/problem.dto.js';
import {
  ListNotificationsQueryDto,
  MarkedReadDto,
  NotificationDto,
  NotificationPageDto,
  UnreadCountDto,
} from './dto/notification.dto.js';
import { NotificationStreamService } from './notification-stream.service.js';
import { NotificationsService } from './notifications.service.js';

/** The `Last-Event-ID` header, optional (documented by `@ApiHeader`, which `@Headers` would mark required). */
const LastEventId = createParamDecorator((_: unknown, context: ExecutionContext): string | undefined => {
  const value = context.switchToHttp().getRequest<FastifyRequest>().headers['last-event-id'];
  return typeof value === 'string' ? value : undefined;
});

/**
 * The signed-in user's own notifications (task reminders, assignments…). Any user may call these, and so may an API
 * key, which sees the notifications of the user it acts for; nobody sees or changes anyone else's (404).
 */
@ApiTags('notifications')
@Controller('notifications')
@Authenticated()
export class NotificationsController {
  constructor(
    private readonly service: NotificationsService,
    private readonly stream: NotificationStreamService,
  ) {}

  /** Your notifications, newest first. */
  @Get()
  @ApiOkResponse({ type: NotificationPageDto })
  listNotifications(@CurrentActor() actor: Actor, @Query() query: ListNotificationsQueryDto): Promise<NotificationPageDto> {
    return this.service.listNotifications(actor, query);
  }

  /** How many of your notifications are unread: the number on the bell. */
  @Get('unread-count')
  @ApiOkResponse({ type: UnreadCountDto })
  countUnreadNotifications(@CurrentActor() actor: Actor): Promise<UnreadCountDto> {
    return this.service.countUnreadNotifications(actor);
  }

  /**
   * Your notifications live, as Server-Sent Events: each new one is an event `notification` whose `id` is the
   * notification's id and whose `data` is its NotificationDto as JSON; a comment line every 25 s keeps proxies from
   * closing the connection. Authenticate like any request (a browser reads it with `fetch` and a streamed body, since
   * EventSource cannot send a header). After a disconnect, reconnect with `Last-Event-ID` set to the last id received
   * to get what was written meanwhile (up to 200; the list has the rest). The server ends the stream when the access
   * token's lifetime has passed, and when it shuts down: reconnect, with a fresh token.
   */
  @Get('stream')
  @ApiProduces('text/event-stream')
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'Id of the last notification received; those after it are sent first' })
  @ApiOkResponse({
    description: 'An endless `text/event-stream`; the data of each `notification` event is a NotificationDto',
    content: { 'text/event-stream': { schema: { type: 'string', description: 'Events `notification` whose data is a NotificationDto' } } },
  })
  streamNotifications(
    @CurrentActor() actor: Actor,
    @Res() reply: FastifyReply,
    @LastEventId() lastEventId?: string,
  ): Promise<void> {
    return this.stream.streamNotifications(actor, reply, lastEventId);
  }

  /** Marks everything you have read. */
  @Post('read-all')
  @HttpCode(200)
  @ApiOkResponse({ type: MarkedReadDto })
  markAllNotificationsRead(@CurrentActor() actor: Actor): Promise<MarkedReadDto> {
    return this.service.markAllNotificationsRead(actor);
  }

  /** Marks one of your notifications read; marking it again keeps the first time. */
  @Post(':id/read')
  @HttpCode(200)
  @ApiOkResponse({ type: NotificationDto })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'No such notification of yours' })
  markNotificationRead(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<NotificationDto> {
    return this.service.markNotificationRead(actor, id);
  }

  /** Marks one of your notifications unread again. */
  @Post(':id/unread')
  @HttpCode(200)
  @ApiOkResponse({ type: NotificationDto })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'No such notification of yours' })
  markNotificationUnread(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<NotificationDto> {
    return this.service.markNotificationUnread(actor, id);
  }
}
