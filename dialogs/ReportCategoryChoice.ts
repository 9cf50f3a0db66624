import { TFunction } from 'i18next';
import { CATEGORY_IDS, CategoryId } from '../cases/categories';
import { Understanding } from '../understanding/Understanding';
import { Choice } from './choices';

const PREFIX = 'category:';
/** The short menu offers at most this many likely categories, then "something else". */
const MENU_SIZE = 3;
/** Below this a category is not worth offering. */
const WORTH_OFFERING = 0.08;

/** The one short menu a report can get when the model is unsure what the problem is. */
export class ReportCategoryChoice {
  /** The likely categories of an unclear message, best first (empty when it names none at all). */
  likely(understanding: Understanding): CategoryId[] {
    return understanding.categories
      .filter((c) => c.score >= WORTH_OFFERING && c.id !== 'other')
      .slice(0, MENU_SIZE)
      .map((c) => c.id);
  }

  choices(t: TFunction, offered: CategoryId[]): Choice[] {
    return [...offered, 'other' as const].map((id) => ({ id: PREFIX + id, title: t(id === 'other' ? 'report.somethingElse' : `category.${id}`) }));
  }

  picked(choiceId: string | undefined): CategoryId | undefined {
    const id = choiceId?.startsWith(PREFIX) ? choiceId.slice(PREFIX.length) : undefined;
    return CATEGORY_IDS.find((known) => known === id);
  }
}
