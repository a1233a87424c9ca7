import type { Middleware } from 'koa';
import { currentContext } from '@agora/request-context';

/** Every internal call made for one public request shares one deadline. */
export function requestDeadline(budgetMs: number): Middleware {
  return async (_ctx, next) => {
    const context = currentContext();
    if (context) context.deadline = Date.now() + budgetMs;
    await next();
  };
}
