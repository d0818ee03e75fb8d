import { type DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from './core/audit/audit.module.js';
import { AuthCoreModule } from './core/auth/auth-core.module.js';
import { APP_CONFIG, type AppConfig } from './core/config/app-config.js';
import { dataSourceOptions } from './core/database/data-source.js';
import { HealthController } from './core/health/health.controller.js';
import { JobsModule } from './core/jobs/jobs.module.js';
import { MailModule } from './core/mail/mail.module.js';
import { ApiKeysModule } from './modules/api-keys/api-keys.module.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { CompaniesModule } from './modules/companies/companies.module.js';
import { ContactsModule } from './modules/contacts/contacts.module.js';
import { RolesModule } from './modules/roles/roles.module.js';
import { TeamsModule } from './modules/teams/teams.module.js';
import { UsersModule } from './modules/users/users.module.js';
import { NotesModule } from './modules/notes/notes.module.js';
import { TimelineModule } from './modules/timeline/timeline.module.js';
import { CustomFieldsModule } from './modules/custom-fields/custom-fields.module.js';
import { SegmentsModule } from './modules/segments/segments.module.js';
import { ImportsModule } from './modules/imports/imports.module.js';
import { ExportsModule } from './modules/exports/exports.module.js';
import { SearchModule } from './modules/search/search.module.js';
import { DuplicatesModule } from './modules/duplicates/duplicates.module.js';
import { DealsModule } from './modules/deals/deals.module.js';
import { TasksModule } from './modules/tasks/tasks.module.js';
import { SettingsModule } from './modules/settings/settings.module.js';
import { NotificationsModule } from './modules/notifications/notifications.module.js';
import { PipelinesModule } from './modules/pipelines/pipelines.module.js';
import { ProductsModule } from './modules/products/products.module.js';

@Module({})
export class AppModule {
  /** The whole API for one configuration and database; tests build it the same way `main.ts` does. */
  static forRoot(config: AppConfig, databaseUrl: string, connect = true): DynamicModule {
    return {
      module: AppModule,
      imports: [
        { module: ConfigHolder, global: true, providers: [{ provide: APP_CONFIG, useValue: config }], exports: [APP_CONFIG] },
        TypeOrmModule.forRoot({
          ...dataSourceOptions(databaseUrl, config.dbPoolSize),
          autoLoadEntities: true,
          // The OpenAPI script builds the app only to read its decorators.
          manualInitialization: !connect,
        }),
        TerminusModule,
        AuthCoreModule,
        AuditModule,
        AuthModule,
        UsersModule,
        TeamsModule,
        RolesModule,
        ApiKeysModule,
        CompaniesModule,
        ContactsModule,
        JobsModule.forRoot({ databaseUrl, enabled: connect }),
        MailModule,
        NotesModule,
        TimelineModule,
        CustomFieldsModule,
        SegmentsModule,
        ImportsModule,
        ExportsModule,
        SearchModule,
        DuplicatesModule,
        PipelinesModule,
        ProductsModule,
        DealsModule,
        TasksModule,
        SettingsModule,
        NotificationsModule,
      ],
      controllers: [HealthController],
    };
  }
}

@Module({})
class ConfigHolder {}
