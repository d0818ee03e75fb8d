import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Role } from './role.entity.js';

@Module({
  imports: [TypeOrmModule.forFeature([Role])],
})
export class RolesModule {}
