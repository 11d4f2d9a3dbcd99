//! The ground truth of a run: the alerts a scan must raise (planted cases), the look-alikes
//! it must leave quiet (near misses) and the records with deliberately invalid id numbers,
//! in the `ground_truth.json` format that `docs/ground-truth.md` describes; and the
//! [`TruthLog`] the generator fills while it writes rows.

use serde::{Deserialize, Serialize};

use super::{GenError, Preset};
use crate::domain::{PatternId, Qualification};

/// `ground_truth.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Truth {
    /// Version of this format.
    pub format: u32,
    pub preset: String,
    pub seed: u64,
    /// Sorted by [`TruthAlert::file_order`].
    pub alerts: Vec<TruthAlert>,
    /// In the order they were planted.
    pub near_misses: Vec<NearMiss>,
    /// People whose id_number has a deliberately wrong check character.
    pub invalid_id_numbers: Vec<String>,
}

/// One alert a scan must raise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct TruthAlert {
    pub pattern: PatternId,
    /// Sorted and without repeats, as the scan reports them.
    pub subjects: Vec<String>,
    /// What the case is, for a person reading the file.
    pub note: String,
}

impl TruthAlert {
    /// The key the file's alerts are sorted by: the pattern's id as text (not the
    /// registry's order of [`PatternId`]), then subjects, then note.
    pub(crate) fn file_order(&self) -> (&str, &[String], &str) {
        (self.pattern.as_str(), &self.subjects, &self.note)
    }
}

/// A look-alike of a case that no pattern may flag.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct NearMiss {
    pub kind: NearMissKind,
    /// The records involved, in the order the case names them.
    pub ids: Vec<String>,
    /// Why it must stay quiet.
    pub note: String,
}

/// What makes a near miss look like a case, and why it is not one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum NearMissKind {
    /// A supplier's legal rep shares only the official's surname.
    SharedSurname,
    /// A supplier's legal rep is a first cousin's child: outside the recusal scope.
    CousinChild,
    /// A supplier's legal rep has the name of the official's spouse, another birth date.
    SameNameOtherBirthDate,
    /// Grade-2 tenders whose comparable tenders all demand grade 2 too.
    PeersSameGrade,
    /// Two direct awards to one supplier, more than 60 days apart.
    SplitApart,
    /// A supplier's dominance more than three years before the buyer's latest award.
    ConcentrationOutsideWindow,
    /// A collective enterprise pays a resident without a post.
    CollectivePaysResident,
    /// Collected money booked exactly 30 days later.
    #[serde(rename = "booked-after-30-days")]
    BookedAfter30Days,
    /// A legal rep carries a relative's id number, but it fails its check character.
    InvalidIdNumberShared,
    /// A village's collective pays an official of a sibling village.
    CollectivePaysOtherVillageOfficial,
    /// An invited (not open) tender with a single bid.
    InvitedSingleBid,
    /// A relative is only an employee of the supplier.
    RelativeIsEmployee,
    /// A relative owns the supplier, but the official's post ended before the award.
    PostEndedBeforeAward,
    /// A relative owns the supplier, but the official's post began after the award.
    PostStartedAfterAward,
    /// The relative's role in the supplier ended before the award.
    RoleEndedBeforeAward,
    /// The official's village and the buying village are two villages of one town.
    SidewaysVillage,
    /// A relative owns the supplier through a holding, but only 40 % × 50 % = 20 %.
    #[serde(rename = "holding-below-25")]
    HoldingBelowThreshold,
    /// Two small awards like a split, but to two unrelated companies.
    SplitUnrelatedSuppliers,
    /// Two bidders on one tender with nothing in common.
    BiddersNothingInCommon,
    /// A former official's company wins a contract of his org four years after he left.
    RevolvingDoorAfterCoolingOff,
    /// The supplier's legal rep is only possibly the official's relative (identity link not
    /// confirmed).
    PossibleIdentityOnly,
}

/// A construction tender, as the qualification self-check needs it.
struct ConstructionTender {
    contract_id: String,
    amount: i64,
    required: Option<Qualification>,
}

/// How strict a required qualification is: 0 for none, then grade 3 to special.
fn strictness(required: Option<Qualification>) -> u8 {
    match required {
        None => 0,
        Some(Qualification::Grade3) => 1,
        Some(Qualification::Grade2) => 2,
        Some(Qualification::Grade1) => 3,
        Some(Qualification::Special) => 4,
    }
}

/// What the generator has recorded so far.
#[derive(Default)]
pub(super) struct TruthLog {
    alerts: Vec<TruthAlert>,
    near_misses: Vec<NearMiss>,
    invalid_id_numbers: Vec<String>,
    construction_tenders: Vec<ConstructionTender>,
    planted_qualification_anomalies: Vec<String>,
}

impl TruthLog {
    /// Records an alert of `pattern` over `subjects` (sorted and deduplicated here).
    pub(super) fn alert(&mut self, pattern: PatternId, mut subjects: Vec<String>, note: String) {
        subjects.sort();
        subjects.dedup();
        self.alerts.push(TruthAlert {
            pattern,
            subjects,
            note,
        });
    }

    /// Records a near miss.
    pub(super) fn near_miss(&mut self, kind: NearMissKind, ids: Vec<String>, note: String) {
        self.near_misses.push(NearMiss { kind, ids, note });
    }

    /// Records a person written with a wrong check character.
    pub(super) fn invalid_id_number(&mut self, person_id: String) {
        self.invalid_id_numbers.push(person_id);
    }

    /// Records a construction tender, for [`TruthLog::check_qualification`].
    pub(super) fn construction_tender(
        &mut self,
        contract_id: &str,
        amount: i64,
        required: Option<Qualification>,
    ) {
        self.construction_tenders.push(ConstructionTender {
            contract_id: contract_id.to_string(),
            amount,
            required,
        });
    }

    /// Records a tender planted as a qualification anomaly (its alert is recorded apart).
    pub(super) fn planted_qualification_anomaly(&mut self, contract_id: &str) {
        self.planted_qualification_anomalies
            .push(contract_id.to_string());
    }

    /// Self-check: the qualification anomalies over all construction tenders of the run are
    /// exactly the planted ones. Tenders are compared over the whole county, so a town's
    /// background could in principle make another town's tender look strict; this proves
    /// it did not.
    pub(super) fn check_qualification(&self) -> Result<(), GenError> {
        // (amount, strictness, id), sorted: comparable tenders are a window of amounts.
        let mut tenders: Vec<(i64, u8, &str)> = self
            .construction_tenders
            .iter()
            .map(|tender| {
                (
                    tender.amount,
                    strictness(tender.required),
                    tender.contract_id.as_str(),
                )
            })
            .collect();
        tenders.sort();
        let amounts: Vec<i64> = tenders.iter().map(|tender| tender.0).collect();
        // looser_prefix[s][i]: how many of the first i tenders have strictness s.
        let mut looser_prefix = vec![vec![0u32; tenders.len() + 1]; 5];
        for (i, tender) in tenders.iter().enumerate() {
            for (rank, prefix) in looser_prefix.iter_mut().enumerate() {
                prefix[i + 1] = prefix[i] + u32::from(tender.1 as usize == rank);
            }
        }
        let mut found: Vec<&str> = Vec::new();
        for &(amount, rank, id) in &tenders {
            if rank == 0 {
                continue;
            }
            // Comparable: amount within a factor 2 either way, the tender itself excluded.
            let low = amounts.partition_point(|&other| 2 * other < amount);
            let high = amounts.partition_point(|&other| other <= 2 * amount);
            let comparables = (high - low) as u32 - 1;
            let looser: u32 = (0..rank as usize)
                .map(|looser_rank| {
                    looser_prefix[looser_rank][high] - looser_prefix[looser_rank][low]
                })
                .sum();
            if comparables >= 3 && 2 * looser > comparables {
                found.push(id);
            }
        }
        found.sort();
        let mut planted: Vec<&str> = self
            .planted_qualification_anomalies
            .iter()
            .map(String::as_str)
            .collect();
        planted.sort();
        if found != planted {
            return Err(GenError::Internal(format!(
                "qualification anomalies {found:?} differ from planted {planted:?}"
            )));
        }
        Ok(())
    }

    /// The file's content.
    pub(super) fn into_truth(mut self, preset: Preset, seed: u64) -> Truth {
        self.alerts
            .sort_by(|a, b| a.file_order().cmp(&b.file_order()));
        Truth {
            format: 1,
            preset: preset.to_string(),
            seed,
            alerts: self.alerts,
            near_misses: self.near_misses,
            invalid_id_numbers: self.invalid_id_numbers,
        }
    }
}
