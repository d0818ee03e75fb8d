import { NButton, useDialog, useMessage } from 'naive-ui';
import { h } from 'vue';
import { useI18n } from 'vue-i18n';
import { useProblemText } from './use-problem';

/**
 * Delete after a confirmation, then offer Undo for a few seconds: records go to the trash, so undo is a restore.
 */
export function useDeleteWithUndo(messages: { deleted: string; restored: string }) {
  const dialog = useDialog();
  const message = useMessage();
  const { t } = useI18n();
  const { describe } = useProblemText();

  return function confirmDelete(options: { name: string; remove: () => Promise<void>; restore: () => Promise<void>; onDone?: () => void }): void {
    dialog.warning({
      title: t('common.delete'),
      content: t('common.confirmDelete', { name: options.name }),
      positiveText: t('common.delete'),
      negativeText: t('common.cancel'),
      onPositiveClick: async () => {
        try {
          await options.remove();
        } catch (error) {
          message.error(describe(error));
          return;
        }
        options.onDone?.();
        const notice = message.success(
          () =>
            h('span', { 'data-test': 'deleted-notice' }, [
              t(messages.deleted),
              ' ',
              h(
                NButton,
                {
                  text: true,
                  type: 'primary',
                  'data-test': 'undo',
                  onClick: async () => {
                    notice.destroy();
                    try {
                      await options.restore();
                      message.success(t(messages.restored));
                    } catch (error) {
                      message.error(describe(error));
                    }
                  },
                },
                () => t('common.undo'),
              ),
            ]),
          { duration: 8000 },
        );
      },
    });
  };
}
