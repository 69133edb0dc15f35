/**
 * The demo business: Northwind Outdoor, a small outdoor-gear retailer with two warehouses. Every
 * name is made up; the shapes (brands, a category tree, suppliers, priced products, customers in
 * groups, stock per warehouse, currencies) are what a real PIM holds.
 */

export const DEMO_ACCOUNT = { name: 'Northwind Outdoor', operatorName: 'Ana Ruiz' }

/** The people whose names the revision history shows. */
export const DEMO_OPERATORS = ['Ana Ruiz', 'Ben Okafor', 'Chloé Martin'] as const

export const DEMO_WAREHOUSES = ['Hamburg DC', 'Lyon store'] as const

export const DEMO_BRANDS = [
  { name: 'Fjellrev', website: 'https://fjellrev.example', description: 'Nordic trekking gear' },
  {
    name: 'Alpina Works',
    website: 'https://alpina-works.example',
    description: 'Climbing hardware'
  },
  { name: 'Trailhead', website: 'https://trailhead.example', description: 'Trail running' },
  { name: 'Nordkap', website: 'https://nordkap.example', description: 'Cold-weather clothing' },
  { name: 'RiverStone', website: 'https://riverstone.example', description: 'Camp kitchen' },
  { name: 'Lumen Peak', website: 'https://lumen-peak.example', description: 'Lights and power' }
] as const

export const DEMO_SUPPLIERS = [
  {
    name: 'Baltic Sports Distribution',
    email: 'orders@baltic-sports.example',
    phone: '+49 40 5550 1200'
  },
  {
    name: 'Rhône Outdoor Trading',
    email: 'achats@rhone-outdoor.example',
    phone: '+33 4 5550 8800'
  },
  { name: 'Summit Wholesale', email: 'sales@summit-wholesale.example', phone: '+44 20 5550 3400' },
  { name: 'Alpenhandel', email: 'service@alpenhandel.example', phone: '+43 512 555 019' }
] as const

/** Top-level categories and their children; products go into the children. */
export const DEMO_CATEGORIES = [
  { name: 'Footwear', children: ['Trail running shoes', 'Hiking boots'] },
  { name: 'Clothing', children: ['Jackets', 'Base layers'] },
  { name: 'Equipment', children: ['Tents', 'Backpacks', 'Sleeping bags'] },
  { name: 'Accessories', children: ['Headlamps', 'Camp kitchen'] }
] as const

/** Per category: who makes it, models, variants and a typical price; a product is one of each. */
export interface ProductLine {
  brands: readonly string[]
  models: readonly string[]
  variants: readonly string[]
  price: number
}

const SIZED = ['Women', 'Men'] as const
const COLOURS = ['Graphite', 'Ocean', 'Moss'] as const

export const DEMO_PRODUCT_LINES: Record<string, ProductLine> = {
  'Trail running shoes': {
    brands: ['Trailhead', 'Fjellrev'],
    models: ['Ridge Runner', 'Scree 3', 'Mudguard'],
    variants: SIZED,
    price: 139
  },
  'Hiking boots': {
    brands: ['Fjellrev', 'Alpina Works'],
    models: ['Tundra Mid GTX', 'Fjord Low', 'Pass Walker'],
    variants: SIZED,
    price: 179
  },
  Jackets: {
    brands: ['Nordkap', 'Fjellrev'],
    models: ['Storm Shell', 'Down Parka', 'Wind Hoody'],
    variants: SIZED,
    price: 229
  },
  'Base layers': {
    brands: ['Nordkap'],
    models: ['Merino 200 Crew', 'Merino 150 Tee', 'Thermal Tights'],
    variants: SIZED,
    price: 69
  },
  Tents: {
    brands: ['Fjellrev'],
    models: ['Ridge 2', 'Basecamp 4', 'Bivy Solo'],
    variants: COLOURS,
    price: 449
  },
  Backpacks: {
    brands: ['Fjellrev', 'Alpina Works'],
    models: ['Daypack 22', 'Trek 45', 'Expedition 65'],
    variants: COLOURS,
    price: 159
  },
  'Sleeping bags': {
    brands: ['Nordkap'],
    models: ['Summer 10', 'Three Season -5', 'Arctic -20'],
    variants: [''],
    price: 249
  },
  Headlamps: {
    brands: ['Lumen Peak'],
    models: ['Beam 400', 'Beam 900 RC'],
    variants: [''],
    price: 49
  },
  'Camp kitchen': {
    brands: ['RiverStone'],
    models: ['Titan Stove', 'Pot Set 2L', 'Spork Ti', 'Kettle 1L'],
    variants: [''],
    price: 39
  }
}

export const DEMO_CUSTOMER_GROUPS = [
  { name: 'Retail', description: 'Web shop and store customers' },
  { name: 'Clubs', description: 'Alpine clubs and running teams, 8 % discount' },
  { name: 'Wholesale', description: 'Resellers, net 30' }
] as const

export const DEMO_CUSTOMERS = [
  'Greta Lindqvist',
  'Jonas Weber',
  'Amélie Laurent',
  'Sven Hallberg',
  'Marta Nowak',
  'Luca Bianchi',
  'Sofia Costa',
  'Tom Fletcher',
  'Ingrid Dahl',
  'Pablo Serrano',
  'Hanna Berg',
  'Noah Schmidt',
  'DAV Sektion Nord',
  'Lyon Trail Club',
  'Peak Sports GmbH',
  'Fjord Resellers AB',
  'Elena Rossi',
  'Karim Haddad',
  'Olivia Brown',
  'Mateo García'
] as const

export const DEMO_CURRENCIES = [
  { name: 'Euro', isoCode: 'EUR', symbol: '€' },
  { name: 'Pound sterling', isoCode: 'GBP', symbol: '£' },
  { name: 'Swiss franc', isoCode: 'CHF', symbol: 'CHF' },
  { name: 'US dollar', isoCode: 'USD', symbol: '$' }
] as const

export const DEMO_UNITS = [
  { name: 'Piece', symbol: 'pc' },
  { name: 'Pair', symbol: 'pr' },
  { name: 'Set', symbol: 'set' }
] as const

export const DEMO_LANGUAGES = [
  { name: 'English', locale: 'en-GB' },
  { name: 'German', locale: 'de-DE' },
  { name: 'French', locale: 'fr-FR' }
] as const

export const DEMO_PAYMENT_TERMS = [
  { name: 'Prepaid', days: 0 },
  { name: 'Net 14', days: 14 },
  { name: 'Net 30', days: 30 }
] as const

export const DEMO_PROPERTY_GROUPS = [
  { name: 'Material', values: ['Gore-Tex', 'Merino wool', 'Ripstop nylon', 'Titanium'] },
  { name: 'Season', values: ['Summer', 'Three-season', 'Winter'] }
] as const

export const DEMO_PRODUCT_GROUPS = [
  { name: 'Spring collection', description: 'Featured on the home page from March' },
  { name: 'Clearance', description: 'Last sizes, no restock' }
] as const
