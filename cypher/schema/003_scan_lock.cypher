// The scan lock and scan run records (guanxi serve): one lock node, found by name, and one
// record per scan, found by id from any replica. The lock's uniqueness constraint is what
// keeps two replicas' first MERGE from creating two lock nodes.
CREATE CONSTRAINT scan_lock_name IF NOT EXISTS
  FOR (n:ScanLock) REQUIRE n.name IS UNIQUE;

CREATE CONSTRAINT scan_run_id IF NOT EXISTS
  FOR (n:ScanRun) REQUIRE n.id IS UNIQUE;
