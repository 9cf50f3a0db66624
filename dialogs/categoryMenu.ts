import { TFunction } from 'i18next';
import { CATEGORY_GROUPS, CategoryGroupId, CategoryId } from '../cases/categories';

/** One numbered line of a menu: a category, or a group that opens a smaller menu. */
export type MenuChoice = { category: CategoryId } | { group: CategoryGroupId };

/** Shown when the words named nothing: a few groups, so no text message lists all categories at once. */
export function groupMenu(): MenuChoice[] {
  const groups = Object.keys(CATEGORY_GROUPS) as CategoryGroupId[];
  return [...groups.map((group) => ({ group })), { category: 'other' }];
}

export function categoryMenu(categories: readonly CategoryId[]): MenuChoice[] {
  const withOther = categories.includes('other') ? categories : [...categories, 'other' as const];
  return withOther.map((category) => ({ category }));
}

export function subMenu(group: CategoryGroupId): MenuChoice[] {
  return categoryMenu(CATEGORY_GROUPS[group]);
}

export function renderMenu(t: TFunction, introKey: string, menu: MenuChoice[]): string {
  const lines = menu.map((choice, i) =>
    t('report.menuItem', { number: i + 1, name: 'group' in choice ? t(`categoryGroup.${choice.group}`) : t(`category.${choice.category}`) }),
  );
  return [t(introKey), ...lines].join('\n');
}
