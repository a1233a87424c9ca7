/** Words the demo and benchmark catalogs are made of: per category, things and a plausible price range (minor units). */
export interface CategoryVocabulary {
  name: string;
  things: string[];
  priceRange: [number, number];
}

export const CATEGORIES: CategoryVocabulary[] = [
  {
    name: 'Books',
    things: ['Novel', 'Cookbook', 'Atlas', 'Poetry Collection', 'Field Guide', 'Biography'],
    priceRange: [499, 4_999],
  },
  {
    name: 'Electronics',
    things: ['Headphones', 'Bluetooth Speaker', 'USB-C Charger', 'Webcam', 'Mechanical Keyboard', 'E-Reader'],
    priceRange: [1_999, 49_999],
  },
  {
    name: 'Home & Kitchen',
    things: ['Chef Knife', 'Cast Iron Pan', 'Teapot', 'Cutting Board', 'Coffee Grinder', 'Linen Napkins'],
    priceRange: [899, 19_999],
  },
  {
    name: 'Fashion',
    things: ['Wool Scarf', 'Leather Belt', 'Denim Jacket', 'Cotton T-Shirt', 'Canvas Sneakers', 'Rain Coat'],
    priceRange: [1_499, 29_999],
  },
  {
    name: 'Garden',
    things: ['Pruning Shears', 'Watering Can', 'Seed Kit', 'Raised Bed', 'Bird Feeder', 'Hose Reel'],
    priceRange: [699, 15_999],
  },
  {
    name: 'Sports',
    things: ['Yoga Mat', 'Running Socks', 'Climbing Chalk', 'Water Bottle', 'Kettlebell', 'Bike Light'],
    priceRange: [599, 12_999],
  },
  {
    name: 'Toys',
    things: ['Wooden Puzzle', 'Building Blocks', 'Plush Bear', 'Kite', 'Board Game', 'Train Set'],
    priceRange: [799, 8_999],
  },
  {
    name: 'Beauty',
    things: ['Face Cream', 'Shampoo Bar', 'Lip Balm', 'Hair Brush', 'Soap Set', 'Body Oil'],
    priceRange: [399, 5_999],
  },
  {
    name: 'Art Supplies',
    things: ['Watercolor Set', 'Sketchbook', 'Brush Set', 'Oil Pastels', 'Easel', 'Ink Pens'],
    priceRange: [599, 14_999],
  },
  {
    name: 'Grocery',
    things: ['Olive Oil', 'Green Tea', 'Dark Chocolate', 'Honey Jar', 'Coffee Beans', 'Spice Set'],
    priceRange: [299, 3_999],
  },
];

export const ADJECTIVES = [
  'Handmade',
  'Organic',
  'Vintage',
  'Compact',
  'Premium',
  'Classic',
  'Rustic',
  'Modern',
  'Eco-Friendly',
  'Portable',
  'Artisan',
  'Lightweight',
  'Durable',
  'Minimalist',
  'Deluxe',
  'Nordic',
  'Recycled',
  'Travel',
  'Heritage',
  'Studio',
];

export const MATERIALS = ['oak', 'ceramic', 'steel', 'cotton', 'bamboo', 'glass', 'wool', 'leather', 'linen', 'copper'];
