/** The bands and rates of settings stored before the forecast (one Saturday band, Sunday as a weekday, one payment rate). */
export const LEGACY_FORECAST_FIELDS = {
  bands: [
    { id: 'early', start: '06:00', end: '08:30', days: [1, 2, 3, 4, 5, 7] },
    { id: 'day', start: '08:30', end: '17:00', days: [1, 2, 3, 4, 5, 7] },
    { id: 'evening', start: '17:00', end: '21:00', days: [1, 2, 3, 4, 5, 7] },
    { id: 'saturday', start: '06:00', end: '21:00', days: [6] },
  ],
  contactRates: {
    domestic: { early: 0.45, day: 0.25, evening: 0.4, saturday: 0.45 },
    business: { trading: 0.7, early: 0.15, day: 0.5, evening: 0.3, saturday: 0.4 },
  },
  paymentGivenContact: 0.55,
};
