-- Naming, renaming and abolition cases (命名、更名、销名) of the place-names register, under
-- the 2022 《地名管理条例》: application, the reports before approval, approval, filing
-- (备案, art. 13) and announcement (公告, art. 14), each within 15 days of approval.
CREATE TABLE place_name_cases (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('naming', 'renaming', 'abolition')),
  place_name_id bigint NOT NULL REFERENCES place_names (id),
  status text NOT NULL CHECK (status IN ('applied', 'reviewing', 'approved', 'completed', 'rejected', 'withdrawn')),
  -- 申请: who applies and what they propose.
  applicant text NOT NULL CHECK (length(applicant) BETWEEN 1 AND 200),
  proposal text NOT NULL CHECK (length(proposal) BETWEEN 1 AND 2000),
  proposed_name text CHECK (length(proposed_name) BETWEEN 1 AND 50),
  proposed_spelling text CHECK (length(proposed_spelling) BETWEEN 1 AND 200),
  applied_on date NOT NULL,
  -- The name the record had when the case was approved (a rename's former name).
  old_name text,
  -- A protected name (art. 10, 25): the protection measures, before its rename is approved.
  protection_measures text CHECK (length(protection_measures) BETWEEN 1 AND 2000),
  protection_recorded_on date,
  -- 批准: authority, date, document number.
  approval_authority text CHECK (length(approval_authority) BETWEEN 1 AND 200),
  approved_on date,
  document_number text CHECK (length(document_number) BETWEEN 1 AND 100),
  -- 备案 (art. 13) and 公告 (art. 14).
  filed_on date,
  filed_with text CHECK (length(filed_with) BETWEEN 1 AND 200),
  announced_on date,
  announcement_medium text CHECK (length(announcement_medium) BETWEEN 1 AND 200),
  -- What the 公告 carried: standard name, spelling, administrative area, location, authority, date.
  announcement jsonb,
  -- Rejection or withdrawal.
  closed_on date,
  closed_reason text CHECK (length(closed_reason) BETWEEN 1 AND 500),
  data_source text NOT NULL DEFAULT 'register' CHECK (data_source IN ('register', 'generated')),
  created_by bigint REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  CHECK (kind = 'abolition' OR proposed_name IS NOT NULL),
  CHECK ((approved_on IS NULL) = (approval_authority IS NULL) AND (approved_on IS NULL) = (document_number IS NULL)),
  CHECK (approved_on IS NOT NULL OR (filed_on IS NULL AND announced_on IS NULL)),
  CHECK ((closed_on IS NULL) = (closed_reason IS NULL))
);
CREATE INDEX place_name_cases_place_idx ON place_name_cases (place_name_id);
CREATE INDEX place_name_cases_status_idx ON place_name_cases (status, approved_on);
-- One open case a name at a time.
CREATE UNIQUE INDEX place_name_cases_open_idx ON place_name_cases (place_name_id)
  WHERE status IN ('applied', 'reviewing', 'approved');

-- The reports before approval: 综合评估, 专家论证, 征求意见, and for administrative-division
-- names 风险评估; one of each kind a case.
CREATE TABLE place_name_case_reports (
  case_id bigint NOT NULL REFERENCES place_name_cases (id),
  kind text NOT NULL CHECK (kind IN ('evaluation', 'expert_review', 'consultation', 'risk_assessment')),
  completed_on date NOT NULL,
  summary text NOT NULL CHECK (length(summary) BETWEEN 1 AND 2000),
  created_by bigint REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (case_id, kind)
);

-- The files attached to each step (the shared file store, migration 015).
CREATE TABLE place_name_case_files (
  case_id bigint NOT NULL REFERENCES place_name_cases (id),
  step text NOT NULL CHECK (step IN ('application', 'evaluation', 'expert_review', 'consultation', 'risk_assessment',
                                     'protection_measures', 'approval', 'filing', 'announcement')),
  file_id bigint NOT NULL REFERENCES files (id),
  PRIMARY KEY (case_id, step, file_id)
);
