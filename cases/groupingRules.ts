import { CategoryId } from './categories';

/**
 * How close a new report must be to an open case of its category to be offered as the same problem. Data a city
 * tunes: `metres` between the two places when both have coordinates (0: only the same address, crossing or
 * landmark counts). A category without a rule (`null`) is never grouped: "something else" reports are too varied.
 */
export interface GroupingRule {
  metres: number;
}

export const GROUPING_RULES: Record<CategoryId, GroupingRule | null> = {
  pothole: { metres: 30 },
  streetlight: { metres: 20 },
  traffic_signal: { metres: 50 },
  sidewalk: { metres: 30 },
  graffiti: { metres: 20 },
  // A missed pickup, a property or a park is one household's, one lot's or one place's: only the same place.
  missed_collection: { metres: 0 },
  illegal_dumping: { metres: 50 },
  abandoned_vehicle: { metres: 100 },
  parking: { metres: 50 },
  noise: { metres: 50 },
  property_standards: { metres: 0 },
  tree: { metres: 20 },
  // One broken main or a flooded street is reported from all around it.
  water: { metres: 100 },
  sewer_flooding: { metres: 100 },
  snow_ice: { metres: 50 },
  animal: { metres: 50 },
  park: { metres: 0 },
  other: null,
};

/** The widest rule: a cell and its neighbours must cover it (cells are at least 110 m wide, see geoCell). */
export const WIDEST_GROUPING_METRES = Math.max(...Object.values(GROUPING_RULES).map((rule) => rule?.metres ?? 0));
