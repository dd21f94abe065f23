export const PROFESSIONS = ['gp', 'dentist', 'nurse', 'other'] as const;
export type Profession = (typeof PROFESSIONS)[number];

/** A GP, dentist, nurse or other practitioner; deactivated rather than deleted (appointments refer to them). */
export interface Practitioner {
  id: string;
  name: string;
  profession: Profession;
  active: boolean;
  createdAt: Date;
  /** 1 when created, one more with every change (scheduling.practitioner.v1). */
  version: number;
  updatedAt: Date;
}

export interface PractitionerInput {
  name: string;
  profession: Profession;
  active: boolean;
}
