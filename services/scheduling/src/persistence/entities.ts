import { AppointmentType } from '../appointment-types/appointment-type.entity';
import { Calendar } from '../calendars/calendar.entity';
import { Clinic } from '../clinics/clinic.entity';
import { Location } from '../locations/location.entity';
import { Patient } from '../patients/patient.entity';
import { Practitioner } from '../practitioners/practitioner.entity';
import { UnavailableTime } from '../unavailable-times/unavailable-time.entity';
import { WeekTemplate, WeekTemplateBlock } from '../week-templates/week-template.entity';
import { WorkPlan } from '../work-plans/work-plan.entity';

export const ENTITIES = [
  Clinic,
  Location,
  Practitioner,
  Calendar,
  AppointmentType,
  WeekTemplate,
  WeekTemplateBlock,
  WorkPlan,
  UnavailableTime,
  Patient,
];
