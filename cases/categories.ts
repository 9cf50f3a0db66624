/** The fixed problem-category ids; other tools and later issues rely on them. Names live in locales/. */
export const CATEGORY_IDS = [
  'pothole',
  'streetlight',
  'traffic_signal',
  'sidewalk',
  'graffiti',
  'missed_collection',
  'illegal_dumping',
  'abandoned_vehicle',
  'parking',
  'noise',
  'property_standards',
  'tree',
  'water',
  'sewer_flooding',
  'snow_ice',
  'animal',
  'park',
  'other',
] as const;

export type CategoryId = (typeof CATEGORY_IDS)[number];

/** 1 = urgent (a hazard now), 2 = high, 3 = normal. Crews work their queue in this order. */
export type Severity = 1 | 2 | 3;

export interface Category {
  id: CategoryId;
  /** The crew's queue that receives the case. */
  queue: string;
  /** The published service standard: days from report to resolution. */
  targetDays: number;
  baseSeverity: Severity;
}

const table: Record<CategoryId, Omit<Category, 'id'>> = {
  pothole: { queue: 'roads', targetDays: 4, baseSeverity: 2 },
  streetlight: { queue: 'streetlighting', targetDays: 10, baseSeverity: 3 },
  traffic_signal: { queue: 'traffic', targetDays: 1, baseSeverity: 1 },
  sidewalk: { queue: 'roads', targetDays: 14, baseSeverity: 3 },
  graffiti: { queue: 'bylaw', targetDays: 10, baseSeverity: 3 },
  missed_collection: { queue: 'waste', targetDays: 2, baseSeverity: 3 },
  illegal_dumping: { queue: 'waste', targetDays: 5, baseSeverity: 3 },
  abandoned_vehicle: { queue: 'bylaw', targetDays: 10, baseSeverity: 3 },
  parking: { queue: 'bylaw', targetDays: 1, baseSeverity: 3 },
  noise: { queue: 'bylaw', targetDays: 2, baseSeverity: 3 },
  property_standards: { queue: 'bylaw', targetDays: 20, baseSeverity: 3 },
  tree: { queue: 'forestry', targetDays: 10, baseSeverity: 3 },
  water: { queue: 'water', targetDays: 1, baseSeverity: 2 },
  sewer_flooding: { queue: 'water', targetDays: 1, baseSeverity: 1 },
  snow_ice: { queue: 'roads', targetDays: 2, baseSeverity: 2 },
  animal: { queue: 'animal_services', targetDays: 2, baseSeverity: 3 },
  park: { queue: 'parks', targetDays: 10, baseSeverity: 3 },
  other: { queue: 'service_centre', targetDays: 10, baseSeverity: 3 },
};

export function getCategory(id: CategoryId): Category {
  return { id, ...table[id] };
}
