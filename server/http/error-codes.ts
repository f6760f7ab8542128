/**
 * Every error code the server can send, in a problem's `code` or in an entry of its
 * `errors[]`, with the English text that becomes `detail` or `reason`. `{name}` is filled
 * from the error's `params`. The web app has its own zh-CN and en text for each code
 * (web/src/i18n/errors.ts); a test checks that none is missing.
 */
export const ERROR_MESSAGES = {
  // Whole-request problems (`code` of the problem).
  invalid_request: 'The request has errors; see errors[]',
  not_found: 'There is nothing at {method} {path}',
  unknown_collection: 'There is no collection "{collection}"; the collections are {collections}',
  unknown_feature: 'There is no feature "{id}" in {collection}',
  unknown_user: 'There is no user {id}',
  unknown_token: 'You have no live token {id}',
  read_only_collection: '{collection} is read-only',
  sign_in_required: 'Sign in, or send an API token as Authorization: Bearer <token> (or as the password of HTTP Basic)',
  bad_credentials: 'Invalid username or password',
  bad_token: 'The API token is unknown or revoked; send a live token as Authorization: Bearer <token>, or as the password of HTTP Basic',
  bad_authorization: 'The Authorization header must be "Bearer <token>" or HTTP Basic with an API token as the password',
  role_required: 'This needs one of the roles: {roles}',
  outside_scope: 'You may edit {collection} only in {allowed}; this record is in {counties}',
  import_outside_scope: '{count} row(s) are communities outside the counties you may edit; nothing was imported',
  csrf_token_required: "Send the session's CSRF token in the X-CSRF-Token header",
  cross_site_write: 'A page of another site may not change data here',
  too_many_attempts: 'Too many failed attempts; try again in {minutes} minutes',
  precondition_required: 'Send If-Match with the ETag of the version you edited',
  stale_version: 'Someone else changed this record since you loaded it; reload it and apply your change again',
  conflict: 'The change conflicts with what is stored; see errors[]',
  import_rows_gone: 'Some communities were deleted while the file was checked; check it again',
  import_invalid: 'The CSV has {count} error(s); {listed} are listed. Nothing was imported.',
  roads_file_invalid: 'The file cannot be imported as a road network; see errors[]. Nothing was imported.',
  payload_too_large: 'The request body is larger than {limit}',
  request_too_large: 'The URL and headers of the request are larger than 16 KB; send fewer or shorter parameters',
  unsupported_media_type: 'Send the body as {expected}',
  web_app_not_built: 'Run "npm run build" (npm start does it for you)',
  internal_error: 'The server could not answer; the error is logged',

  // Field errors (`code` of an entry of errors[]).
  required: 'is required',
  wrong_type: 'must be {expected}',
  not_integer: 'must be a whole number',
  not_finite: 'must be a finite number',
  too_small: 'must be at least {minimum}',
  too_big: 'must be at most {maximum}',
  too_short: 'must have at least {minimum} character(s)',
  too_long: 'must have at most {maximum} characters',
  too_few_items: 'must have at least {minimum} item(s)',
  too_many_items: 'must have at most {maximum} items',
  empty: 'must not be empty',
  not_one_of: 'must be one of {options}',
  bad_format: 'must be {format}',
  bad_township_code: 'must be a 9-digit township code',
  bad_county_code: 'must be a 6-digit county-level code',
  bad_community_code: 'must be a 12-digit community or village code',
  bad_username: 'must be 2–64 letters, digits, _ . or -',
  unknown_field: 'is not a field here; the fields are {allowed}',
  unknown_parameter: 'is not a parameter here; the parameters are {allowed}',
  repeated_parameter: 'must be given once, as a plain value',
  nul_character: 'contains a NUL character, which cannot be stored',
  invalid_unicode: 'contains a lone surrogate or invalid UTF-8: the text is damaged',
  invalid_json: 'is not valid JSON',
  nested_too_deep: 'nests deeper than {maximum} levels',
  incomplete_body: 'did not arrive whole (its length does not match Content-Length)',
  not_a_date: 'must be a date YYYY-MM-DD',
  not_a_timestamp: 'must be a date (YYYY-MM-DD) or an ISO timestamp',
  not_on_calendar: 'is not a date on the calendar',
  date_out_of_range: 'must be from {minimum} to {maximum}',
  bad_utc_offset: 'has a UTC offset beyond ±15:59',
  exceeds: 'cannot exceed {other}',
  exceeds_figure: 'must not exceed {other} ({value})',
  required_when: 'is required when {other} is {value}',
  taken: 'is taken',
  unknown_reference: 'refers to nothing that exists',
  unknown_counties: 'are not counties of this city: {codes}',
  breaks_rule: 'breaks the rule {rule}',
  immutable: 'cannot be changed; create a new feature instead',
  self_lockout: 'you cannot lock yourself out; ask another admin',
  last_admin: 'would leave no active administrator',
  wrong_password: 'is wrong',
  bad_etag: 'is not an ETag of this API, e.g. "3"',
  bad_bbox_count: 'must be 4 (or 6) comma-separated numbers, got {count}',
  bad_bbox_number: '"{value}" is not a number',
  bad_bbox_range: 'longitudes must be within -180..180 and latitudes within -90..90',
  bad_bbox_order: 'the lower-left corner must come first (minLon,minLat,maxLon,maxLat)',
  unsupported_crs: 'only {crs} is supported',
  unsupported_format: 'unsupported format "{value}"; only json',
  bad_position: 'a position must be an array [longitude, latitude] (a height may follow)',
  too_few_positions: 'needs at least {minimum} positions',
  ring_not_closed: 'a polygon ring must end where it starts',
  wrong_geometry_type: 'must be {expected} for {collection}',
  longitude_range: 'longitude {value} is outside -180..180',
  latitude_range: 'latitude {value} is outside -90..90 (are longitude and latitude swapped?)',
  antipodal_edge: 'has an edge from one pole to the other, which cannot be measured on the globe',
  crosses_antimeridian: 'has an edge spanning {degrees}° of longitude; geometries across the antimeridian or around the world cannot be stored',
  invalid_geometry: 'is not valid ({kind}): {problem}',
  outside_city: 'is {distance} outside {city} (nearest: {nearest})',
  partly_outside_city: 'crosses the boundary of {city}: {area} of it lies outside',
  swapped_coordinates: 'lies outside {city}, but would lie inside with its coordinates swapped: they look like [latitude, longitude], and GeoJSON needs [longitude, latitude]',
  csv_empty: 'is empty: send a header row ({columns}) and one row per community',
  csv_no_rows: 'has a header row but no data rows',
  csv_missing_column: 'column is missing from the header (it has: {columns})',
  csv_repeated_column: 'column appears {count} times in the header',
  csv_unclosed_quote: 'a quoted field is not closed',
  csv_text_after_quote: 'text after the closing quote of a field (a quote inside a quoted field is written "")',
  csv_wrong_cell_count: 'has {count} fields but the header has {expected} (is a comma in a field not quoted?)',
  not_a_count: 'must be a whole number of people, not "{value}" (no decimals, no thousands separators)',
  outside_counties: 'is in county {county}, outside the counties you may edit ({allowed})',
  code_as_number: '"{value}" is not a 12-digit code: a spreadsheet turned it into a number; format the column as text',
  repeated_code: 'repeats row {first_row}',
  unknown_community: '{code} is not a community or village (or it was deleted)',
  exact_without_capacity: 'method "exact" solves the problem without a capacity; leave capacity out, or use method "greedy"',
  not_a_road_network: 'is neither a GeoJSON FeatureCollection of lines nor an OpenStreetMap .osm.pbf extract',
  damaged_road_network: 'is a damaged {format} file: {problem}',
  no_walkable_ways: 'has no road or path people walk on ({read} line(s) read; skipped: {skipped})',
  not_chinese_name: 'must be a place name in Chinese characters (digits and · allowed, no Latin letters or other signs)',
} as const

/** A code the server may send. */
export type ErrorCode = keyof typeof ERROR_MESSAGES

/** Parameters of an error, for the client's own message. */
export type ErrorParams = Record<string, string | number | boolean | readonly (string | number)[]>

/** The English text of a code with its parameters filled in. */
export function errorText(code: ErrorCode, params: ErrorParams = {}): string {
  return ERROR_MESSAGES[code].replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name]
    if (value === undefined) return whole
    return Array.isArray(value) ? value.join(', ') : String(value)
  })
}
