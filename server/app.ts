import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import { existsSync } from 'node:fs';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RoutingBackend } from '../solver/roads/backend.js';
import type { RoutingConfig } from '../solver/roads/index.js';
import type { OidcSettings } from './auth/oidc.js';
import { installAuth } from './auth/plugin.js';
import { DEFAULT_LIMITS, type Limits } from './config.js';
import { errorHandler, notFoundHandler, ProblemError } from './errors.js';
import { loggerOptions } from './logging.js';
import type { PostcodeIndex } from './postcodes/index.js';
import type { Store } from './store/store.js';
import { auditRoutes } from './routes/audit.js';
import { caseRoutes } from './routes/cases.js';
import { debtorRoutes } from './routes/debtors.js';
import { healthRoutes } from './routes/health.js';
import { crewRoutes, officerRoutes } from './routes/officers.js';
import { outcomeRoutes } from './routes/outcomes.js';
import { checkInRoutes } from './routes/check-ins.js';
import { settingsRoutes, weightRoutes } from './routes/settings.js';
import { planRoutes } from './routes/plans.js';
import { jobRoutes } from './routes/jobs.js';
import { modelRoutes } from './routes/model.js';
import { roadRoutes } from './routes/roads.js';
import { oidcRoutes } from './routes/oidc.js';
import { sessionRoutes } from './routes/session.js';
import { userRoutes } from './routes/users.js';
import type { PlanningQueue } from './jobs/queue.js';
import { JobRunner } from './jobs/runner.js';
import { ThreadQueue } from './jobs/thread-queue.js';
import type { RoadDataRecord } from './roads/in-use.js';
import { FOLLOW_EVERY_MS, RoadData } from './roads/road-data.js';

export interface AppOptions {
  store: Store;
  postcodes: PostcodeIndex;
  /** The backend the server itself uses (route geometry); workers build their own from `routingConfig`. */
  routing: RoutingBackend;
  routingConfig: RoutingConfig;
  /** Pino logging: false (tests default), true, or a stream to capture (tests of redaction). */
  logger?: boolean | { level?: string; stream?: NodeJS.WritableStream };
  /** The built client (dist/client), served at / when present. */
  clientDir?: string;
  /** Planning jobs running at once; further jobs queue (2 cores: one leaves room for requests). */
  maxConcurrentJobs?: number;
  /** Threads each plan's search uses (ROUNDS_SEARCH_THREADS); default one. */
  searchThreads?: number;
  /** Behind a reverse proxy that terminates TLS: the proxies' addresses to trust for X-Forwarded-* (never all). */
  trustProxy?: false | string;
  /** The OSM file behind the offline base map, and where its GeoJSON is cached. */
  roads?: { osmFile: string; cacheFile: string };
  /**
   * Road data loaded from the app (PUT /api/roads/extract): the folder it is kept in, and the record
   * of the upload the server starts on (main.ts reads it, and builds `routing` from it). Without
   * it, uploads are refused.
   */
  roadData?: { dir: string; inUse?: RoadDataRecord };
  /** Council single sign-on (OpenID Connect); off without it. */
  oidc?: OidcSettings;
  /** Sizes, queue and timeouts (server/config.ts); each one not given keeps its default. */
  limits?: Partial<Limits>;
  /** The planning threads' module (default server/jobs/worker.ts); tests give one that provokes what real data cannot. */
  planningWorker?: URL;
  /**
   * Where planning jobs go instead of the API's threads (ROUNDS_QUEUE): given the API's road-build
   * runner and the store, the queue to use (server/jobs/redis-queue.ts). Road builds stay here.
   */
  planningQueue?: (runner: JobRunner, store: Store, log: FastifyBaseLogger) => PlanningQueue;
}

declare module 'fastify' {
  interface FastifyInstance {
    store: Store;
    postcodes: PostcodeIndex;
    /** The backend on the road data in use (it changes when an admin loads an extract). */
    routingBackend: RoutingBackend;
    routingConfig: RoutingConfig;
    roadData: RoadData;
    /** Planning jobs (and, for listing and following, road builds), wherever they run. */
    jobs: PlanningQueue;
    /** The API's own threads: road builds always, planning jobs without a queue. */
    jobRunner: JobRunner;
    limits: Limits;
  }
}

/** Builds the API. No global state: everything an area needs is a decoration of this instance. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const logger = options.logger === undefined || options.logger === false ? false : loggerOptions(options.logger === true ? {} : options.logger);
  const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };
  const app = Fastify({
    logger,
    trustProxy: options.trustProxy ?? false,
    // Small by default; the routes that need more say so (bodyLimit on the route; the CSV import counts its own stream).
    bodyLimit: limits.jsonMaxBytes,
    requestTimeout: limits.requestTimeoutMs,
    connectionTimeout: limits.idleTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    http: { headersTimeout: limits.headersTimeoutMs, requestTimeout: limits.requestTimeoutMs },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);

  app.decorate('store', options.store);
  app.decorate('postcodes', options.postcodes);
  app.decorate('limits', limits);
  const jobs = new JobRunner({
    routingConfig: options.routingConfig,
    maxConcurrent: options.maxConcurrentJobs ?? 1,
    maxQueued: limits.jobQueueMax,
    timeLimitMs: limits.jobTimeLimitMs,
    log: app.log,
    workerUrl: options.planningWorker,
    searchThreads: options.searchThreads,
  });
  const queue = options.planningQueue ? options.planningQueue(jobs, options.store, app.log) : new ThreadQueue(jobs, options.store);
  app.decorate('jobRunner', jobs);
  app.decorate('jobs', queue);
  app.addHook('onClose', async () => {
    await queue.close();
  });
  const roadData = new RoadData({
    dir: options.roadData?.dir,
    inUse: options.roadData?.inUse,
    backend: options.routing,
    config: options.routingConfig,
    osmFile: options.roads?.osmFile,
    cacheFile: options.roads?.cacheFile,
    jobs,
    store: options.store,
    log: app.log,
    limits,
  });
  await roadData.removeIncoming();
  app.decorate('roadData', roadData);
  // Another instance may load road data into the same folder: this one follows (a stat each time).
  if (options.roadData?.dir) {
    const following = setInterval(
      () => void roadData.follow().catch((err: Error) => app.log.warn({ err: { message: err.message } }, 'could not follow the road data in use')),
      FOLLOW_EVERY_MS,
    );
    following.unref();
    app.addHook('onClose', async () => clearInterval(following));
  }
  // Getters: every reader gets the road data in use now, whichever plugin it reads from.
  app.decorate('routingBackend', { getter: () => roadData.routing });
  app.decorate('routingConfig', { getter: () => roadData.routingConfig });

  // Security headers on every answer (OWASP secure headers): the client runs no inline script and
  // nothing may frame it; answers with personal data are never cached (see the onSend hook below).
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // No inline styles: Leaflet, chart.js and the client set styles through the CSSOM, which CSP allows.
        styleSrc: ["'self'"],
        // OpenStreetMap's tiles when online; the road graph drawn from our own API otherwise.
        imgSrc: ["'self'", 'data:', 'blob:', 'https://tile.openstreetmap.org'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
  });
  app.addHook('onSend', async (request, reply) => {
    // Everything under /api but the health check and the road map can carry personal data.
    if (request.url.startsWith('/api/') && !request.url.startsWith('/api/health') && !request.url.startsWith('/api/roads')) {
      reply.header('cache-control', 'no-store');
    }
    // The API documentation page (swagger-ui) injects a <style> element: inline styles there only.
    if (request.url.startsWith('/docs')) {
      reply.header(
        'content-security-policy',
        String(reply.getHeader('content-security-policy')).replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"),
      );
    }
  });
  // A refusal for load (a full planning queue, too many open streams) says when to come back.
  app.addHook('onError', async (_request, reply, error) => {
    const seconds = error instanceof ProblemError ? error.extra.retryAfterSeconds : undefined;
    if (typeof seconds === 'number') reply.header('retry-after', String(seconds));
  });
  await app.register(rateLimit, { global: false });
  await installAuth(app);

  await app.register(swagger, {
    openapi: {
      info: { title: 'Rounds API', description: 'Visit route planning for council enforcement officers', version: '0.1.0' },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  await app.register(
    async (api) => {
      await api.register(healthRoutes);
      await api.register(sessionRoutes, { prefix: '/session' });
      await api.register(oidcRoutes, { prefix: '/session', settings: options.oidc });
      await api.register(userRoutes, { prefix: '/users' });
      await api.register(caseRoutes, { prefix: '/cases' });
      await api.register(debtorRoutes, { prefix: '/debtors' });
      await api.register(officerRoutes, { prefix: '/officers' });
      await api.register(crewRoutes, { prefix: '/crews' });
      await api.register(settingsRoutes, { prefix: '/settings' });
      await api.register(weightRoutes, { prefix: '/settings/default-weight' });
      await api.register(outcomeRoutes, { prefix: '/outcomes' });
      await api.register(checkInRoutes, { prefix: '/check-ins' });
      await api.register(auditRoutes, { prefix: '/audit' });
      await api.register(planRoutes, { prefix: '/plans' });
      await api.register(jobRoutes, { prefix: '/jobs' });
      await api.register(modelRoutes, { prefix: '/model' });
      await api.register(roadRoutes, { prefix: '/roads' });
    },
    { prefix: '/api' },
  );

  if (options.clientDir && existsSync(options.clientDir)) {
    await app.register(fastifyStatic, { root: options.clientDir, prefix: '/', wildcard: false });
  }
  return app;
}
