import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SubjectEntity } from './subject.entity';
import { SubjectsController } from './subjects.controller';
import { SubjectHierarchyRepository } from './subject-hierarchy.repository';
import { SubjectsRepository } from './subjects.repository';
import { SubjectsService } from './subjects.service';

/** Subjects and their hierarchy. WritersService comes from the global WritersModule. */
@Module({
  imports: [TypeOrmModule.forFeature([SubjectEntity])],
  controllers: [SubjectsController],
  providers: [SubjectsRepository, SubjectHierarchyRepository, SubjectsService],
  exports: [SubjectsRepository, SubjectsService],
})
export class SubjectsModule {}
