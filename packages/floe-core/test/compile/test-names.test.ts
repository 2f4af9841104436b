import { genericTestNames } from '../../src/compile/test-names';

/** Expected names are what dbt-core 1.11.16 wrote into target/manifest.json (dbt parse) for examples/bikeshare_dbt plus two source tests. */
describe('genericTestNames (dbt-core synthesize_generic_test_names)', () => {
  test.each([
    ['unique', { model: 'stg_bikes' }, { column_name: 'bike_id' }, 'unique_stg_bikes_bike_id', undefined],
    ['accepted_values', { model: 'stg_bikes' }, { column_name: 'status', values: ['in_service', 'repair'] }, 'accepted_values_stg_bikes_status__in_service__repair', undefined],
    ['accepted_values', { model: 'dim_members' }, { column_name: 'plan_rank', values: [1, 2, 3], quote: false }, 'accepted_values_dim_members_plan_rank__False__1__2__3', undefined],
    ['relationships', { model: 'fct_rides' }, { column_name: 'member_id', to: "ref('dim_members')", field: 'member_id' }, 'relationships_fct_rides_member_id__member_id__ref_dim_members_', undefined],
    [
      'relationships',
      { model: 'stg_rides' },
      { column_name: 'start_station_id', to: "ref('stg_stations')", field: 'station_id' },
      'relationships_stg_rides_start_station_id__station_id__ref_stg_stations_',
      'relationships_stg_rides_79798dcaa730c291499e618cfc02dc05',
    ],
    ['unique_combination', { model: 'daily_station_usage' }, { columns: ['ride_date', 'station_id'] }, 'unique_combination_daily_station_usage_ride_date__station_id', undefined],
    ['not_null', { source: 'bikeshare_raw', table: 'members' }, { column_name: 'member_id' }, 'source_not_null_bikeshare_raw_members_member_id', undefined],
    [
      'accepted_values',
      { source: 'bikeshare_raw', table: 'members' },
      { column_name: 'plan', values: ['annual', 'monthly', 'day_pass', 'corporate_partner_program', 'student_semester'] },
      'source_accepted_values_bikeshare_raw_members_plan__annual__monthly__day_pass__corporate_partner_program__student_semester',
      'source_accepted_values_bikesha_638bff699898b2d4f10cd486b914cf4e',
    ],
  ] as const)('%s on %j', (test, owner, args, name, alias) => {
    expect(genericTestNames(test, owner, args as Record<string, unknown>)).toEqual({ name, alias: alias ?? name });
  });
});
