/** A site of the clinic; calendars may be placed at one. */
export interface Location {
  id: string;
  name: string;
  address: string | null;
  createdAt: Date;
}

export interface LocationInput {
  name: string;
  address?: string | null;
}
