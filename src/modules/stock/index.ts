/** Stock: units on hand per variant and the append-only movement ledger they always equal (MO-5). */
export {
  openStock,
  sellStock,
  restock,
  setStock,
  stockLevels,
  stockMovements,
  stockDrift,
  type StockLine,
  type MovementKind,
} from './stock.ts';
export { onHandOf, onHandText } from './stock.repository.ts';
export { stockModule } from './stock.module.ts';
