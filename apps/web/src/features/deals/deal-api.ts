import type { paths } from '@crm/api-client';
import { api, type Schema, unwrap } from '@/api/client';
import type { ListParams, Page } from '@/composables/use-cursor-list';

export type Deal = Schema<'DealDto'>;
export type DealDetail = Schema<'DealDetailDto'>;
export type DealStatus = Schema<'DealStatus'>;
export type DealCard = Schema<'DealCardDto'>;
export type DealBoard = Schema<'DealBoardDto'>;
export type BoardStage = Schema<'DealBoardStageDto'>;
export type LineItem = Schema<'DealLineItemDto'>;
export type LineItemInput = Schema<'DealLineItemInputDto'>;
export type StageChange = Schema<'DealStageChangeDto'>;
export type Forecast = Schema<'DealForecastDto'>;
export type ForecastGroup = Schema<'DealForecastGroup'>;
export type Pipeline = Schema<'PipelineDto'>;
export type Stage = Schema<'PipelineStageDto'>;
export type LostReason = Schema<'LostReasonDto'>;
export type Product = Schema<'ProductDto'>;
export type MoveBody = Schema<'MoveDealStageDto'>;

export const DEAL_STATUSES: DealStatus[] = ['open', 'won', 'lost'];

type ListQuery = NonNullable<paths['/api/v1/deals']['get']['parameters']['query']>;
type BoardQuery = NonNullable<paths['/api/v1/pipelines/{id}/board']['get']['parameters']['query']>;
type ForecastQuery = NonNullable<paths['/api/v1/deals/forecast']['get']['parameters']['query']>;

export const listDeals = (params: ListParams & { cursor?: string }, limit = 50): Promise<Page<Deal>> =>
  unwrap(api.GET('/api/v1/deals', { params: { query: { limit, ...params } as ListQuery } }));
export const getDeal = (id: string) => unwrap(api.GET('/api/v1/deals/{id}', { params: { path: { id } } }));
export const deleteDeal = (id: string) => unwrap(api.DELETE('/api/v1/deals/{id}', { params: { path: { id } } }));
export const restoreDeal = (id: string) => unwrap(api.POST('/api/v1/deals/{id}/restore', { params: { path: { id } } }));

export const moveDealStage = (id: string, body: MoveBody) => unwrap(api.POST('/api/v1/deals/{id}/stage', { params: { path: { id } }, body }));

export const replaceLineItems = (id: string, version: number, items: LineItemInput[]) =>
  unwrap(api.PUT('/api/v1/deals/{id}/line-items', { params: { path: { id } }, body: { version, items } }));

export const listStageHistory = (id: string, cursor?: string) =>
  unwrap(api.GET('/api/v1/deals/{id}/stage-history', { params: { path: { id }, query: { limit: 50, cursor } } }));

export const getBoard = (pipelineId: string, params: ListParams) =>
  unwrap(api.GET('/api/v1/pipelines/{id}/board', { params: { path: { id: pipelineId }, query: params as BoardQuery } }));

export const getBoardStagePage = (pipelineId: string, stageId: string, params: ListParams, cursor: string) =>
  unwrap(
    api.GET('/api/v1/pipelines/{id}/board/stages/{stageId}', {
      params: { path: { id: pipelineId, stageId }, query: { ...(params as BoardQuery), cursor } },
    }),
  );

export const getForecast = (params: ListParams) => unwrap(api.GET('/api/v1/deals/forecast', { params: { query: params as ForecastQuery } }));

export const listPipelines = async (): Promise<Pipeline[]> => (await unwrap(api.GET('/api/v1/pipelines'))).items;

/** Only the active reasons: those a deal may be lost for now. */
export const listActiveLostReasons = async (): Promise<LostReason[]> => (await unwrap(api.GET('/api/v1/lost-reasons'))).items;

export const searchProducts = async (q: string): Promise<Product[]> =>
  (await unwrap(api.GET('/api/v1/products', { params: { query: { q: q || undefined, active: true, limit: 20 } } }))).items;

export const listTeams = async () => (await unwrap(api.GET('/api/v1/teams', { params: { query: { limit: 200 } } }))).items;
