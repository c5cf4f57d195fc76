import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ProfilesModule } from '../profiles/profiles.module';
import { User } from './user.entity';
import { UsersRepository } from './users.repository';

@Module({
  imports: [TypeOrmModule.forFeature([User]), ProfilesModule],
  controllers: [],
  providers: [UsersRepository],
  exports: [UsersRepository, ProfilesModule],
})
export class UsersModule {}
