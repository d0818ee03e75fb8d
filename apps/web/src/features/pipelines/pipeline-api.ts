import { api, type Schema, unwrap } from '@/api/client';

export type Pipeline = Schema<'PipelineDto'>;
export type Stage = Schema<'PipelineStageDto'>;
export type StageKind = Stage['kind'];
export type LostReason = Schema<'LostReasonDto'>;

export const STAGE_KINDS: StageKind[] = ['open', 'won', 'lost'];

export const listPipelines = async (): Promise<Pipeline[]> => (await unwrap(api.GET('/api/v1/pipelines'))).items;

export const getPipeline = (id: string): Promise<Pipeline> => unwrap(api.GET('/api/v1/pipelines/{id}', { params: { path: { id } } }));

export const reorderPipelines = (ids: string[]) => unwrap(api.PUT('/api/v1/pipelines/order', { body: { ids } }));

export const deletePipeline = (pipeline: Pipeline) =>
  unwrap(api.DELETE('/api/v1/pipelines/{id}', { params: { path: { id: pipeline.id }, header: { 'If-Match': `"${pipeline.version}"` } } }));

export const reorderStages = (pipelineId: string, ids: string[]): Promise<Pipeline> =>
  unwrap(api.PUT('/api/v1/pipelines/{id}/stages/order', { params: { path: { id: pipelineId } }, body: { ids } }));

export const deleteStage = (stage: Stage) =>
  unwrap(
    api.DELETE('/api/v1/pipelines/{id}/stages/{stageId}', {
      params: { path: { id: stage.pipelineId, stageId: stage.id }, header: { 'If-Match': `"${stage.version}"` } },
    }),
  );

export const listLostReasons = async (): Promise<LostReason[]> =>
  (await unwrap(api.GET('/api/v1/lost-reasons', { params: { query: { includeInactive: true } } }))).items;

export const reorderLostReasons = async (ids: string[]): Promise<LostReason[]> =>
  (await unwrap(api.PUT('/api/v1/lost-reasons/order', { body: { ids } }))).items;

export const setLostReasonActive = (reason: LostReason, active: boolean): Promise<LostReason> =>
  unwrap(api.PATCH('/api/v1/lost-reasons/{id}', { params: { path: { id: reason.id } }, body: { active, version: reason.version } }));

export const deleteLostReason = (reason: LostReason) =>
  unwrap(api.DELETE('/api/v1/lost-reasons/{id}', { params: { path: { id: reason.id }, header: { 'If-Match': `"${reason.version}"` } } }));

/** `ids` with the one at `index` swapped with its neighbour `by` places away: the keyboard alternative to dragging. */
export function moved(ids: string[], index: number, by: -1 | 1): string[] {
  const next = [...ids];
  [next[index], next[index + by]] = [next[index + by]!, next[index]!];
  return next;
}
