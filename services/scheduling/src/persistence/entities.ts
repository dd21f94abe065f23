import { Clinic } from '../clinics/clinic.entity';

export const ENTITIES = [Clinic];
