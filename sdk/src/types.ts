import type { components } from './generated/schema.js';

type Schemas = components['schemas'];

// The shapes of public.yaml under the names the marketplace uses.
export type User = Schemas['User'];
export type UserRole = Schemas['UserRole'];
export type AuthSession = Schemas['Session'];
export type SignupRequest = Schemas['SignupRequest'];
export type LoginRequest = Schemas['LoginRequest'];
export type UpdateMeRequest = Schemas['UpdateMeRequest'];
export type AdminUpdateUserRequest = Schemas['AdminUpdateUserRequest'];
export type ErasureProgress = Schemas['ErasureProgress'];
export type Product = Schemas['Product'];
export type NewProduct = Schemas['NewProduct'];
export type ProductChanges = Schemas['ProductChanges'];
export type Category = Schemas['CategoryList']['items'][number];
export type Cart = Schemas['Cart'];
export type CartItem = Schemas['CartItem'];
export type PaymentMethod = Schemas['PaymentMethod'];
export type CheckoutRequest = Schemas['CheckoutRequest'];
export type Address = Schemas['Address'];
export type AddressInput = Schemas['AddressInput'];
export type AddressPatch = Schemas['AddressPatch'];
export type Order = Schemas['Order'];
export type OrderStatus = Schemas['OrderStatus'];
export type Shipment = Schemas['Shipment'];
export type ShipmentStatus = Schemas['ShipmentStatus'];
export type Sale = Schemas['Sale'];
export type ShipRequest = Schemas['ShipRequest'];
export type SellerBalance = Schemas['SellerBalance'];
