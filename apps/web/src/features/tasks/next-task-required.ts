import { ApiProblem } from '@crm/api-client';
import type { Schema } from '@/api/client';

type DealNextTask = Schema<'DealNextTaskDto'>;

/**
 * A deal's stage move under the rule that every open deal has a next task (deals.requireNextTask): the move is tried as
 * it is; refused with next_task_required, the user is asked for the task and the move is tried once more with it. If
 * they decline, the original refusal stands, so the screen puts the deal back as for any refused move. Answers the
 * move's result and the task given with it, if one was.
 */
export async function moveWithNextTask<T>(
  move: (nextTask?: DealNextTask) => Promise<T>,
  ask: () => Promise<DealNextTask | null | undefined>,
): Promise<{ result: T; nextTask?: DealNextTask }> {
  try {
    return { result: await move() };
  } catch (error) {
    if (!(error instanceof ApiProblem && error.code === 'next_task_required')) throw error;
    const nextTask = await ask();
    if (!nextTask) throw error;
    return { result: await move(nextTask), nextTask };
  }
}
