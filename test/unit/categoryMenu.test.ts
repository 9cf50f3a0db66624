import { CATEGORY_IDS } from '../../cases/categories';
import { groupMenu, subMenu } from '../../dialogs/categoryMenu';

describe('the category menu', () => {
  it('reaches every category through a group, in at most two short menus', () => {
    const reachable = new Set<string>();
    const top = groupMenu();
    expect(top.length).toBeLessThanOrEqual(9); // one digit on a phone pad
    for (const choice of top) {
      if ('category' in choice) reachable.add(choice.category);
      else for (const item of subMenu(choice.group)) if ('category' in item) reachable.add(item.category);
    }
    expect([...reachable].sort()).toEqual([...CATEGORY_IDS].sort());
  });

  it('ends every menu with "something else"', () => {
    expect(groupMenu().at(-1)).toEqual({ category: 'other' });
    expect(subMenu('lights').at(-1)).toEqual({ category: 'other' });
  });
});
