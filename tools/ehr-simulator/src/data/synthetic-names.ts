/** Obviously fake names: no seeded record may look like a real person. */
export const GIVEN_NAMES = [
  'Alfa',
  'Bravo',
  'Charlie',
  'Delta',
  'Echo',
  'Foxtrot',
  'Golf',
  'Hotel',
  'India',
  'Juliett',
  'Kilo',
  'Lima',
  'Mike',
  'November',
  'Oscar',
  'Papa',
  'Quebec',
  'Romeo',
  'Sierra',
  'Tango',
] as const;

export const FAMILY_NAMES = [
  'Testsen',
  'Fakeberg',
  'Mockwell',
  'Sampleton',
  'Dummyvik',
  'Stubbington',
  'Fixturud',
  'Placeholm',
] as const;
