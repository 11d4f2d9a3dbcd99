//! Planted cases: every pattern, with known subjects, and near misses that must stay quiet.
//! Each case writes its own rows (fresh relatives, fresh companies, injected contracts,
//! payments) and its ground-truth entries; cases never share a company, and a planted
//! contract keeps its slot's invariants (distinct suppliers, amounts within the slot's range)
//! unless the case owns the whole slot.

use chrono::{Datelike, Duration, NaiveDate};

use super::world::{ds, ymd, BidPlan, CSpec, Cat, Gen, IdKind, PSpec, Params, Town, CATS};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Case {
    KinSupplier(u8),
    SelfDealing(u8),
    Concentration(u8),
    LateDeposit(u8),
    Collective(u8),
    Qualification,
    Split,
    KinPayee(u8),
    SharedContact(u8),
    SingleBidder(u8),
    NmSurname,
    NmCousinChild,
    NmSameName,
    NmPeers,
    NmSplitApart,
    NmOldWindow,
    NmResidentCollective,
    NmLate30,
    NmInvalidId,
    NmCollectiveOtherVillage,
    NmInvitedSingle,
    NmRelativeEmployee,
}

impl Case {
    /// Cases that need a (buyer, category) slot of their own; planted first.
    fn exclusive(self) -> bool {
        matches!(
            self,
            Case::KinSupplier(0)
                | Case::Concentration(_)
                | Case::Split
                | Case::NmSplitApart
                | Case::NmOldWindow
                | Case::NmPeers
        )
    }
}

pub(super) fn case_list(p: &Params) -> Vec<Case> {
    let mut v = Vec::new();
    for _ in 0..p.case_mult {
        for k in 0..6 {
            v.push(Case::KinSupplier(k));
        }
        for k in 0..2 {
            v.push(Case::SelfDealing(k));
            v.push(Case::Concentration(k));
            v.push(Case::LateDeposit(k));
            v.push(Case::Collective(k));
            v.push(Case::SharedContact(k));
            v.push(Case::SingleBidder(k));
            v.push(Case::Qualification);
            v.push(Case::Split);
        }
        for k in 0..4 {
            v.push(Case::KinPayee(k));
        }
    }
    for _ in 0..p.nm_mult {
        v.extend([
            Case::NmSurname,
            Case::NmCousinChild,
            Case::NmSameName,
            Case::NmPeers,
            Case::NmSplitApart,
            Case::NmOldWindow,
            Case::NmResidentCollective,
            Case::NmLate30,
            Case::NmInvalidId,
            Case::NmCollectiveOtherVillage,
            Case::NmInvitedSingle,
            Case::NmRelativeEmployee,
        ]);
    }
    v
}

const SECRETARY: &[&str] = &["村党总支书记", "社区党委书记"];
const DIRECTOR: &[&str] = &["村委会主任", "社区居委会主任"];
const MEMBER: &[&str] = &["村委委员", "社区居委会委员"];
const BOOKKEEPER: &[&str] = &["报账员", "村委委员", "社区居委会委员"];
const TOWN_TOP: &[&str] = &["镇党委书记", "镇长", "街道党工委书记", "街道办事处主任"];
const TOWN_DEPUTY: &[&str] = &["副镇长", "城建办主任", "街道办事处副主任"];

fn slot_index(org: usize, cat: Cat) -> usize {
    org * CATS.len() + cat.index()
}

/// Inserts a space after the county and a full-width comma after the town: the same address
/// once white space and punctuation are removed.
fn punctuated(addr: &str, county: &str, town: &str) -> String {
    let rest = &addr[county.len() + town.len()..];
    format!("{county} {town}，{rest}")
}

struct Ctx {
    /// Official index, person index, person id.
    off: usize,
    p: usize,
    pid: String,
    title: &'static str,
}

impl Gen {
    pub(super) fn plant(&mut self, t: &mut Town, cases: &[Case]) {
        let mut ordered: Vec<Case> = cases.iter().copied().filter(|c| c.exclusive()).collect();
        ordered.extend(cases.iter().copied().filter(|c| !c.exclusive()));
        for c in ordered {
            self.plant_one(t, c);
        }
    }

    fn village(&mut self, t: &Town) -> usize {
        1 + self.below(t.orgs.len() - 1)
    }

    /// An official of town-local org `org`, unused by other cases if possible, preferring
    /// `prefs` titles; `senior`: born 1972 or earlier (old enough for adult nephews).
    fn official_at(&mut self, t: &mut Town, org: usize, prefs: &[&str], senior: bool) -> Ctx {
        let fits = |t: &Town, i: usize, pref: bool, unused: bool| {
            let o = &t.officials[i];
            o.org == Some(org)
                && (!senior || t.people[o.person].birth.year() <= 1972)
                && (!pref || o.titles.iter().any(|x| prefs.contains(x)))
                && (!unused || !t.used_off[i])
        };
        for (pref, unused) in [(true, true), (false, true), (true, false), (false, false)] {
            let c: Vec<usize> = (0..t.officials.len())
                .filter(|&i| fits(t, i, pref, unused))
                .collect();
            if !c.is_empty() {
                let i = c[self.below(c.len())];
                t.used_off[i] = true;
                let p = t.officials[i].person;
                return Ctx {
                    off: i,
                    p,
                    pid: t.pid(p),
                    title: t.officials[i].titles[0],
                };
            }
        }
        // Every org has senior officials; only reached without `senior`.
        self.official_at(t, org, prefs, false)
    }

    fn exclusive_slot(&mut self, t: &mut Town, cat: Option<Cat>) -> usize {
        let mut c = Vec::new();
        for o in 0..t.orgs.len() {
            // Keep at least two shared non-construction slots in every org for other cases.
            let shared = CATS[1..]
                .iter()
                .filter(|&&k| !t.slots[slot_index(o, k)].exclusive)
                .count();
            if shared <= 2 {
                continue;
            }
            for k in CATS {
                if k == Cat::Construction || cat.is_some_and(|x| x != k) {
                    continue;
                }
                let s = slot_index(o, k);
                if !t.slots[s].exclusive && t.slots[s].injected.is_empty() {
                    c.push(s);
                }
            }
        }
        assert!(!c.is_empty(), "no free slot for an exclusive case");
        let s = c[self.below(c.len())];
        t.slots[s].exclusive = true;
        t.slots[s].n_bg = 0;
        s
    }

    /// A slot of `org` shared with the background: `cat` if given and not exclusive,
    /// else a random non-construction one that is not exclusive.
    fn shared_slot(&mut self, t: &Town, org: usize, cat: Option<Cat>) -> usize {
        if let Some(k) = cat {
            let s = slot_index(org, k);
            if !t.slots[s].exclusive {
                return s;
            }
        }
        let c: Vec<usize> = CATS[1..]
            .iter()
            .map(|&k| slot_index(org, k))
            .filter(|&s| !t.slots[s].exclusive)
            .collect();
        assert!(!c.is_empty(), "every org keeps shared slots");
        c[self.below(c.len())]
    }

    /// A pool company of the slot's category not yet supplying in this slot.
    fn pool_free(&mut self, t: &Town, slot: usize, max_grade_rank: Option<u8>) -> String {
        let cat = t.slots[slot].cat;
        let taken: Vec<&str> = t.slots[slot]
            .injected
            .iter()
            .map(|c| c.supplier.as_str())
            .collect();
        let ok: Vec<String> = t.pool[cat.index()]
            .iter()
            .map(|&i| &t.companies[i])
            .filter(|c| !taken.contains(&c.id.as_str()))
            .filter(|c| match max_grade_rank {
                Some(g) => c.grade.is_some_and(|x| x <= g),
                None => true,
            })
            .map(|c| c.id.clone())
            .collect();
        if ok.is_empty() {
            return self.pool_free(t, slot, None);
        }
        ok[self.below(ok.len())].clone()
    }

    fn fresh_company(&mut self, t: &mut Town, cat: Cat) -> (usize, String) {
        let name = self.company_name(t, cat);
        let grade = (cat == Cat::Construction).then_some(3);
        let c = self.company(t, name, Some(cat), grade, None, None, None);
        (c, t.companies[c].id.clone())
    }

    fn resident_id(&mut self, t: &Town) -> String {
        let o = self.village(t);
        let l = &t.residents[o];
        t.pid(l[self.below(l.len())])
    }

    #[allow(clippy::too_many_arguments)]
    fn inject(
        &mut self,
        t: &mut Town,
        slot: usize,
        supplier: String,
        approver: String,
        bids: BidPlan,
        method: &'static str,
        q: Option<&'static str>,
        amount: Option<i64>,
        awarded: Option<NaiveDate>,
        kin_payee: Option<(Vec<String>, String)>,
    ) -> String {
        let base = t.slots[slot].base;
        let cat = t.slots[slot].cat;
        let amount = match amount {
            Some(a) => a,
            None => self.slot_amount(base),
        };
        let awarded = match awarded {
            Some(d) => d,
            None => self.date_in(ymd(2019, 3, 1), ymd(2024, 10, 31)),
        };
        let q = match (cat, q) {
            (Cat::Construction, None) => Some("3"),
            (_, q) => q,
        };
        let org = t.slots[slot].org;
        let title = self.contract_title(&t.orgs[org].name.clone(), cat, awarded.year());
        let id = self.next_id("ct");
        t.slots[slot].injected.push(CSpec {
            id: id.clone(),
            title,
            amount,
            method,
            q,
            awarded,
            supplier,
            approver,
            bids,
            kin_payee,
        });
        id
    }

    fn plant_one(&mut self, t: &mut Town, case: Case) {
        match case {
            Case::KinSupplier(0) => self.kin_story(t),
            Case::KinSupplier(v) => self.kin_supplier(t, v),
            Case::SelfDealing(v) => self.self_dealing(t, v),
            Case::Concentration(v) => self.concentration(t, v),
            Case::LateDeposit(v) => self.late_deposit(t, v),
            Case::Collective(v) => self.collective_subsidy(t, v),
            Case::Qualification => self.qualification(t),
            Case::Split => self.split(t, false),
            Case::NmSplitApart => self.split(t, true),
            Case::KinPayee(v) => self.kin_payee(t, v),
            Case::SharedContact(v) => self.shared_contact(t, v),
            Case::SingleBidder(v) => self.single_bidder(t, v),
            Case::NmInvitedSingle => self.single_bidder(t, 2),
            Case::NmPeers => self.peers(t),
            Case::NmOldWindow => self.old_window(t),
            _ => self.near_misses(t, case),
        }
    }

    /// Story 2: an advertising monopoly whose legal representative is the party secretary's
    /// niece (外甥女). Also a supplier-concentration alert, and a kin-payee alert per
    /// settlement.
    fn kin_story(&mut self, t: &mut Town) {
        let slot = self.exclusive_slot(t, Some(Cat::Advertising));
        let v = t.slots[slot].org;
        let c = self.official_at(t, v, SECRETARY, true);
        let mut fam = std::mem::replace(&mut t.families[c.off], empty_family());
        self.add_sibling(t, &mut fam, false);
        let si = fam.siblings.len() - 1;
        self.add_sibling_spouse(t, &mut fam, si);
        let niece = self.add_sibling_child(t, &mut fam, si, false, true);
        t.families[c.off] = fam;
        let niece_id = t.pid(niece);
        let (_, x) = self.fresh_company(t, Cat::Advertising);
        self.role(&x, &niece_id, "legal_rep", None);
        self.role(&x, &niece_id, "shareholder", Some(70));
        let other = self.resident_id(t);
        self.role(&x, &other, "shareholder", Some(30));
        let vname = t.orgs[v].name.clone();
        let note = format!(
            "legal_rep of {x} is the sister's daughter (外甥女) of {} {}",
            c.title, c.pid
        );
        let mut d = self.date_in(ymd(2022, 1, 1), ymd(2022, 6, 30));
        let mut dates = Vec::new();
        for _ in 0..3 {
            dates.push(d);
            d += Duration::days(self.range(150, 230));
        }
        for &day in &dates {
            let amount = self.range(1500, 2000) * 100;
            let kp = (
                vec![c.pid.clone(), niece_id.clone(), x.clone()],
                format!(
                    "{vname} pays {x}, where the sister's daughter (外甥女) of {} {} is legal_rep",
                    c.title, c.pid
                ),
            );
            let id = self.inject(
                t,
                slot,
                x.clone(),
                c.pid.clone(),
                BidPlan::Normal,
                "open",
                None,
                Some(amount),
                Some(day),
                Some(kp),
            );
            self.alert(
                "kin-supplier",
                vec![c.pid.clone(), niece_id.clone(), x.clone(), id],
                note.clone(),
            );
        }
        let y = self.pool_free(t, slot, None);
        let day = dates[0] + Duration::days(self.range(30, 200));
        let amount = self.range(1300, 1600) * 100;
        self.inject(
            t,
            slot,
            y,
            c.pid.clone(),
            BidPlan::Normal,
            "open",
            None,
            Some(amount),
            Some(day),
            None,
        );
        let vid = t.orgs[v].id.clone();
        self.alert(
            "supplier-concentration",
            vec![vid.clone(), x.clone()],
            format!("{x} won 3 of the 4 advertising contracts of {vname}"),
        );
        let when = dates[2] + Duration::days(self.range(20, 90));
        let text = format!(
            "群众反映{vname}的广告宣传业务长期由同一家广告公司承接，疑似与村干部存在亲属关系"
        );
        self.tip(when, &text, &[x, vid]);
    }

    fn kin_supplier(&mut self, t: &mut Town, variant: u8) {
        match variant {
            1 => {
                // Spouse's brother, shareholder on a registry duplicate with the same id_number.
                let v = self.village(t);
                let c = self.official_at(t, v, SECRETARY, false);
                let mut fam = std::mem::replace(&mut t.families[c.off], empty_family());
                let b = self.add_spouse_sibling(t, &mut fam, true, IdKind::Valid);
                t.families[c.off] = fam;
                let bid = t.pid(b);
                let dup = self.dup(t, b, true);
                let (_, x) = self.fresh_company(t, Cat::Goods);
                let rep = self.resident_id(t);
                self.role(&x, &rep, "legal_rep", None);
                self.role(&x, &rep, "shareholder", Some(60));
                self.role(&x, &dup, "shareholder", Some(40));
                let term = if t.people[c.p].male {
                    "wife's brother (内兄/内弟)"
                } else {
                    "husband's brother (大伯/小叔)"
                };
                let slot = self.shared_slot(t, v, Some(Cat::Goods));
                self.kin_contract(
                    t,
                    slot,
                    &c,
                    &[bid, dup.clone()],
                    &x,
                    "shareholder",
                    term,
                    &format!(" (role held on registry record {dup}, same id_number)"),
                );
            }
            2 => {
                // Child's father-in-law (亲家), director on a registry duplicate without id_number.
                let v = self.village(t);
                let c = self.official_at(t, v, DIRECTOR, true);
                let mut fam = std::mem::replace(&mut t.families[c.off], empty_family());
                let male = self.chance(0.5);
                self.add_child(t, &mut fam, male, Some(true));
                let cs = fam
                    .children
                    .last()
                    .and_then(|x| x.1)
                    .expect("married child");
                let csy = t.people[cs].birth.year();
                let addr = self.home(t, fam.village);
                let sur = t.people[cs].surname.clone();
                let mut s =
                    PSpec::new(true, csy - self.range(24, 32) as i32, addr.clone()).surname(&sur);
                s.id = IdKind::Valid;
                let f = self.person(t, s);
                let my = csy - self.range(22, 30) as i32;
                let m = self.person(t, PSpec::new(false, my, addr));
                self.k_spouse(t, f, m);
                self.k_parent(t, cs, f);
                self.k_parent(t, cs, m);
                fam.members.extend([f, m]);
                t.families[c.off] = fam;
                let fid = t.pid(f);
                let dup = self.dup(t, f, false);
                let (_, x) = self.fresh_company(t, Cat::Services);
                let rep = self.resident_id(t);
                self.role(&x, &rep, "legal_rep", None);
                self.role(&x, &rep, "shareholder", Some(100));
                self.role(&x, &dup, "director", None);
                let slot = self.shared_slot(t, v, Some(Cat::Services));
                self.kin_contract(t, slot, &c, &[fid, dup.clone()], &x, "director",
                    "child's father-in-law (亲家公)",
                    &format!(" (role held on registry record {dup}: no id_number, same name and birth date)"));
            }
            3 => {
                // The brother himself is the supplier.
                let v = self.village(t);
                let c = self.official_at(t, v, MEMBER, false);
                let mut fam = std::mem::replace(&mut t.families[c.off], empty_family());
                let b = self.add_sibling(t, &mut fam, true);
                t.families[c.off] = fam;
                let bid = t.pid(b);
                let slot = self.shared_slot(t, v, Some(Cat::Cleaning));
                let approver = self.approver_of(t, v);
                let vname = t.orgs[v].name.clone();
                let kp = (
                    vec![c.pid.clone(), bid.clone()],
                    format!("{vname} pays the brother (兄弟) of {} {}", c.title, c.pid),
                );
                let id = self.inject(
                    t,
                    slot,
                    bid.clone(),
                    approver,
                    BidPlan::None,
                    "direct",
                    None,
                    None,
                    None,
                    Some(kp),
                );
                self.alert(
                    "kin-supplier",
                    vec![c.pid.clone(), bid, id],
                    format!(
                        "the supplier is the brother (兄弟) of {} {}",
                        c.title, c.pid
                    ),
                );
            }
            4 => {
                // A town official approved a village contract won by his cousin's company.
                let c = self.official_at(t, 0, TOWN_DEPUTY, false);
                let mut fam = std::mem::replace(&mut t.families[c.off], empty_family());
                let (_, cousin) = self.add_uncle_cousin(t, &mut fam, false);
                t.families[c.off] = fam;
                let cousin_id = t.pid(cousin);
                let term = if t.people[cousin].male {
                    "cousin, father's brother's son (堂兄弟)"
                } else {
                    "cousin, father's brother's daughter (堂姐妹)"
                };
                let (_, x) = self.fresh_company(t, Cat::Construction);
                let rep = self.resident_id(t);
                self.role(&x, &rep, "legal_rep", None);
                self.role(&x, &rep, "shareholder", Some(100));
                self.role(&x, &cousin_id, "manager", None);
                let v = self.village(t);
                let slot = self.shared_slot(t, v, Some(Cat::Construction));
                let id = self.inject(
                    t,
                    slot,
                    x.clone(),
                    c.pid.clone(),
                    BidPlan::Normal,
                    "open",
                    None,
                    None,
                    None,
                    None,
                );
                self.alert(
                    "kin-supplier",
                    vec![c.pid.clone(), cousin_id, x.clone(), id.clone()],
                    format!(
                        "{} {} approved {id}, won by {x} whose manager is his {term}",
                        c.title, c.pid
                    ),
                );
            }
            _ => {
                // The town head's son is legal rep of a town supplier.
                let c = self.official_at(t, 0, TOWN_TOP, true);
                let mut fam = std::mem::replace(&mut t.families[c.off], empty_family());
                let son = self.add_child(t, &mut fam, true, Some(true));
                t.families[c.off] = fam;
                let sid = t.pid(son);
                let (_, x) = self.fresh_company(t, Cat::Services);
                self.role(&x, &sid, "legal_rep", None);
                self.role(&x, &sid, "shareholder", Some(100));
                let slot = self.shared_slot(t, 0, Some(Cat::Services));
                self.kin_contract(t, slot, &c, &[sid], &x, "legal_rep", "son (儿子)", "");
            }
        }
    }

    /// One contract in `slot` won by company `x` where relative (records `r`) stands.
    #[allow(clippy::too_many_arguments)]
    fn kin_contract(
        &mut self,
        t: &mut Town,
        slot: usize,
        c: &Ctx,
        r: &[String],
        x: &str,
        role: &str,
        term: &str,
        extra: &str,
    ) {
        let org = t.slots[slot].org;
        let approver = self.approver_of(t, org);
        let oname = t.orgs[org].name.clone();
        let mut subj = vec![c.pid.clone()];
        subj.extend(r.iter().cloned());
        subj.push(x.to_string());
        let kp = (
            subj.clone(),
            format!(
                "{oname} pays {x}, where the {term} of {} {} is {role}{extra}",
                c.title, c.pid
            ),
        );
        let id = self.inject(
            t,
            slot,
            x.to_string(),
            approver,
            BidPlan::Normal,
            "open",
            None,
            None,
            None,
            Some(kp),
        );
        subj.push(id);
        self.alert(
            "kin-supplier",
            subj,
            format!(
                "{role} of {x} is the {term} of {} {}{extra}",
                c.title, c.pid
            ),
        );
    }

    /// The father's brother and his child (own household, adult).
    fn add_uncle_cousin(
        &mut self,
        t: &mut Town,
        fam: &mut super::world::Family,
        old_cousin: bool,
    ) -> (usize, usize) {
        let fy = t.people[fam.father].birth.year();
        let uy = fy + self.range(-5, 5) as i32;
        let sur = t.people[fam.father].surname.clone();
        let addr = self.home(t, fam.village);
        let mut s = PSpec::new(true, uy, addr).surname(&sur);
        s.phone = self.chance(0.5);
        let uncle = self.person(t, s);
        self.k_sibling(t, uncle, fam.father);
        let hi = if old_cousin {
            (1976 - uy).clamp(22, 34)
        } else {
            34
        };
        let cy = (uy + self.range(22, hi as i64) as i32).min(2000);
        let addr = self.home(t, fam.village);
        let cm = self.chance(0.5);
        let cousin = self.person(t, PSpec::new(cm, cy, addr).surname(&sur));
        self.k_parent(t, cousin, uncle);
        fam.members.extend([uncle, cousin]);
        (uncle, cousin)
    }

    fn self_dealing(&mut self, t: &mut Town, variant: u8) {
        let v = self.village(t);
        if variant == 0 {
            let c = self.official_at(t, v, DIRECTOR, false);
            let (_, x) = self.fresh_company(t, Cat::Goods);
            let rep = self.resident_id(t);
            self.role(&x, &rep, "legal_rep", None);
            self.role(&x, &rep, "shareholder", Some(70));
            self.role(&x, &c.pid, "shareholder", Some(30));
            let slot = self.shared_slot(t, v, Some(Cat::Goods));
            let approver = self.approver_of(t, v);
            let id = self.inject(
                t,
                slot,
                x.clone(),
                approver,
                BidPlan::Normal,
                "open",
                None,
                None,
                None,
                None,
            );
            let oname = t.orgs[v].name.clone();
            self.alert(
                "self-dealing",
                vec![c.pid.clone(), x.clone(), id],
                format!(
                    "{} {} of {oname} holds 30 % of {x}, which supplies {oname}",
                    c.title, c.pid
                ),
            );
        } else {
            let c = self.official_at(t, v, MEMBER, false);
            let same = t.people[c.p].idn_valid;
            let dup = self.dup(t, c.p, same);
            let (_, x) = self.fresh_company(t, Cat::Cleaning);
            self.role(&x, &dup, "legal_rep", None);
            self.role(&x, &dup, "shareholder", Some(100));
            let slot = self.shared_slot(t, v, Some(Cat::Cleaning));
            let approver = self.approver_of(t, v);
            let id = self.inject(
                t,
                slot,
                x.clone(),
                approver,
                BidPlan::Normal,
                "open",
                None,
                None,
                None,
                None,
            );
            let oname = t.orgs[v].name.clone();
            let how = if same {
                "same id_number"
            } else {
                "same name and birth date"
            };
            self.alert(
                "self-dealing",
                vec![c.pid.clone(), x.clone(), id],
                format!("{} {} of {oname} is legal_rep of {x} (registry record {dup}, {how}), which supplies {oname}", c.title, c.pid),
            );
        }
    }

    fn concentration(&mut self, t: &mut Town, variant: u8) {
        let slot = self.exclusive_slot(t, None);
        let v = t.slots[slot].org;
        let s = self.pool_free(t, slot, None);
        let start = self.date_in(ymd(2021, 6, 1), ymd(2022, 6, 30));
        let mut days: Vec<NaiveDate> = (0..5)
            .map(|_| start + Duration::days(self.range(0, 800)))
            .collect();
        days.sort();
        let approver = self.approver_of(t, v);
        // Variant 0: S wins 3 of 5 (60 % by count); variant 1: 2 of 5 but ~75 % of the money.
        let wins = if variant == 0 {
            [0, 2, 4].as_slice()
        } else {
            [1, 3].as_slice()
        };
        for (i, &d) in days.iter().enumerate() {
            let (sup, amount) = if wins.contains(&i) {
                let a = if variant == 0 {
                    self.range(1000, 1400)
                } else {
                    self.range(4000, 5000)
                };
                (s.clone(), a * 100)
            } else {
                (self.pool_free(t, slot, None), self.range(1000, 1300) * 100)
            };
            self.inject(
                t,
                slot,
                sup,
                approver.clone(),
                BidPlan::Normal,
                "open",
                None,
                Some(amount),
                Some(d),
                None,
            );
        }
        let vid = t.orgs[v].id.clone();
        let cat = t.slots[slot].cat.word();
        let how = if variant == 0 {
            "3 of 5 contracts (60 % by count)"
        } else {
            "2 of 5 contracts but over 60 % of the amount"
        };
        self.alert(
            "supplier-concentration",
            vec![vid, s.clone()],
            format!("{s} won {how} in category {cat} of {}", t.orgs[v].name),
        );
    }

    fn late_deposit(&mut self, t: &mut Town, variant: u8) {
        let v = self.village(t);
        let c = self.official_at(t, v, BOOKKEEPER, false);
        let payer = self.fee_payer(t, v);
        let vid = t.orgs[v].id.clone();
        if variant == 0 {
            let paid = self.date_in(ymd(2020, 1, 1), ymd(2024, 10, 31));
            let late = self.range(45, 75);
            let rec = paid + Duration::days(late);
            let id = self.payment(
                &payer,
                &vid,
                20_000,
                "保洁费",
                paid,
                Some(rec),
                Some(&c.pid),
                None,
            );
            self.alert(
                "late-deposit",
                vec![c.pid.clone(), id],
                format!("{} {} collected a 20,000 yuan cleaning fee on {}; it was booked {late} days later", c.title, c.pid, ds(paid)),
            );
        } else {
            let paid = self.date_in(ymd(2021, 1, 1), ymd(2021, 12, 31));
            let amount = self.range(50, 300) * 100;
            let id = self.payment(
                &payer,
                &vid,
                amount,
                "保洁费",
                paid,
                None,
                Some(&c.pid),
                None,
            );
            self.alert(
                "late-deposit",
                vec![c.pid.clone(), id],
                format!(
                    "{} {} collected {amount} yuan on {}; never booked",
                    c.title,
                    c.pid,
                    ds(paid)
                ),
            );
        }
    }

    fn fee_payer(&mut self, t: &Town, v: usize) -> String {
        let own: Vec<usize> = t
            .collectives
            .iter()
            .filter(|(_, o)| *o == v)
            .map(|(c, _)| *c)
            .collect();
        if !own.is_empty() && self.chance(0.5) {
            return t.companies[own[0]].id.clone();
        }
        let pool = &t.pool[Cat::Cleaning.index()];
        t.companies[pool[self.below(pool.len())]].id.clone()
    }

    fn collective_of(&mut self, t: &mut Town, v: usize) -> String {
        match t.collectives.iter().find(|(_, o)| *o == v) {
            Some((c, _)) => t.companies[*c].id.clone(),
            None => {
                let c = self.collective(t, v);
                t.companies[c].id.clone()
            }
        }
    }

    fn collective_subsidy(&mut self, t: &mut Town, variant: u8) {
        let v = self.village(t);
        let e = self.collective_of(t, v);
        let vid = t.orgs[v].id.clone();
        let vname = t.orgs[v].name.clone();
        if variant == 0 {
            // Story 3: several cadres drew subsidies from the collective, 2013-2017.
            let mut chosen: Vec<usize> = Vec::new();
            let mut tries = 0;
            while chosen.len() < 3 && tries < 50 {
                tries += 1;
                let c = self.official_at(t, v, &[], false);
                if chosen.contains(&c.off) {
                    continue;
                }
                chosen.push(c.off);
                let mut total = 0;
                for _ in 0..self.range(3, 5) {
                    let amount = self.range(100, 250) * 100;
                    total += amount;
                    let paid = self.date_in(ymd(2013, 1, 1), ymd(2017, 12, 31));
                    self.payment(&e, &c.pid, amount, "补贴", paid, None, None, None);
                }
                self.alert(
                    "collective-subsidy",
                    vec![c.pid.clone(), e.clone(), vid.clone()],
                    format!("{} {} of {vname} drew {total} yuan of subsidies from its collective enterprise {e}, 2013-2017", c.title, c.pid),
                );
            }
        } else {
            let c = self.official_at(t, 0, &[], false);
            for _ in 0..self.range(2, 3) {
                let amount = self.range(50, 150) * 100;
                let paid = self.date_in(ymd(2016, 1, 1), ymd(2020, 12, 31));
                self.payment(&e, &c.pid, amount, "补贴", paid, None, None, None);
            }
            self.alert(
                "collective-subsidy",
                vec![c.pid.clone(), e.clone(), vid],
                format!("{} {} of the town above {vname} is paid by {vname}'s collective enterprise {e}", c.title, c.pid),
            );
        }
    }

    /// Story 4: a public-toilet tender demanding grade 2 where comparable tenders demand 3.
    fn qualification(&mut self, t: &mut Town) {
        let v = self.village(t);
        let slot = slot_index(v, Cat::Construction);
        let base = t.slots[slot].base;
        let amount = (base as f64 * 1.6 / 100.0) as i64 * 100;
        let s = self.pool_free(t, slot, Some(2));
        let approver = self.approver_of(t, v);
        let id = self.inject(
            t,
            slot,
            s,
            approver,
            BidPlan::Normal,
            "open",
            Some("2"),
            Some(amount),
            None,
            None,
        );
        let vid = t.orgs[v].id.clone();
        let vname = t.orgs[v].name.clone();
        if let Some(c) = t.slots[slot].injected.last_mut() {
            c.title = format!("{vname}公厕改造工程");
        }
        self.planted_qual.push(id.clone());
        self.alert(
            "qualification-anomaly",
            vec![id, vid],
            format!("{vname} demanded a grade-2 construction qualification for a {amount} yuan job; comparable tenders demand grade 3"),
        );
    }

    fn split(&mut self, t: &mut Town, apart: bool) {
        let slot = self.exclusive_slot(t, None);
        let v = t.slots[slot].org;
        let s = self.pool_free(t, slot, None);
        let a1 = self.range(550, 900) * 100;
        let a2 = self.range((1050 - a1 / 100).max(550), 950) * 100;
        let d1 = self.date_in(ymd(2019, 6, 1), ymd(2023, 12, 31));
        let gap = if apart {
            self.range(120, 300)
        } else {
            self.range(7, 50)
        };
        let d2 = d1 + Duration::days(gap);
        let approver = self.approver_of(t, v);
        let c1 = self.inject(
            t,
            slot,
            s.clone(),
            approver.clone(),
            BidPlan::None,
            "direct",
            None,
            Some(a1),
            Some(d1),
            None,
        );
        let c2 = self.inject(
            t,
            slot,
            s.clone(),
            approver,
            BidPlan::None,
            "direct",
            None,
            Some(a2),
            Some(d2),
            None,
        );
        let vid = t.orgs[v].id.clone();
        let note = format!(
            "{s} got two direct awards of {a1} and {a2} yuan from {} {gap} days apart",
            t.orgs[v].name
        );
        if apart {
            self.near_miss(
                "split-apart",
                vec![vid, s, c1, c2],
                note + ": more than 60 days apart",
            );
        } else {
            self.alert(
                "split-contracts",
                vec![vid, s, c1, c2],
                note + ", together above 100,000",
            );
        }
    }

    fn kin_payee(&mut self, t: &mut Town, variant: u8) {
        match variant {
            0 => {
                let v = self.village(t);
                let c = self.official_at(t, v, SECRETARY, false);
                let mother = t.families[c.off].mother;
                let mid = t.pid(mother);
                let vid = t.orgs[v].id.clone();
                for _ in 0..self.range(1, 2) {
                    let paid = self.date_in(ymd(2019, 1, 1), ymd(2025, 3, 31));
                    let amount = self.range(20, 80) * 100;
                    let id = self.payment(&vid, &mid, amount, "补贴", paid, None, None, None);
                    self.alert(
                        "kin-payee",
                        vec![c.pid.clone(), mid.clone(), id],
                        format!(
                            "{} pays a subsidy to the mother (母亲) of {} {}",
                            t.orgs[v].name, c.title, c.pid
                        ),
                    );
                }
            }
            1 => {
                let v = self.village(t);
                let c = self.official_at(t, v, MEMBER, true);
                let mut fam = std::mem::replace(&mut t.families[c.off], empty_family());
                let sis_male = self.chance(0.5);
                self.add_sibling(t, &mut fam, sis_male);
                let si = fam.siblings.len() - 1;
                self.add_sibling_spouse(t, &mut fam, si);
                let n = self.add_sibling_child(t, &mut fam, si, true, true);
                t.families[c.off] = fam;
                let nid = t.pid(n);
                let term = if sis_male {
                    "brother's son (侄子)"
                } else {
                    "sister's son (外甥)"
                };
                let vid = t.orgs[v].id.clone();
                let paid = self.date_in(ymd(2019, 1, 1), ymd(2025, 3, 31));
                let amount = self.range(30, 120) * 100;
                let id = self.payment(&vid, &nid, amount, "劳务费", paid, None, None, None);
                self.alert(
                    "kin-payee",
                    vec![c.pid.clone(), nid, id],
                    format!(
                        "{} pays labour fees to the {term} of {} {}",
                        t.orgs[v].name, c.title, c.pid
                    ),
                );
            }
            2 => {
                let v = self.village(t);
                let c = self.official_at(t, v, DIRECTOR, false);
                let mut fam = std::mem::replace(&mut t.families[c.off], empty_family());
                self.add_sibling(t, &mut fam, false);
                let si = fam.siblings.len() - 1;
                let bil = self.add_sibling_spouse(t, &mut fam, si);
                t.families[c.off] = fam;
                let bid = t.pid(bil);
                let (_, x) = self.fresh_company(t, Cat::Services);
                self.role(&x, &bid, "legal_rep", None);
                self.role(&x, &bid, "shareholder", Some(100));
                let vid = t.orgs[v].id.clone();
                let paid = self.date_in(ymd(2019, 1, 1), ymd(2025, 3, 31));
                let amount = self.range(300, 800) * 100;
                let id = self.payment(&vid, &x, amount, "服务费", paid, None, None, None);
                self.alert(
                    "kin-payee",
                    vec![c.pid.clone(), bid, x.clone(), id],
                    format!(
                        "{} pays {x}, whose legal_rep is the sister's husband (姐夫/妹夫) of {} {}",
                        t.orgs[v].name, c.title, c.pid
                    ),
                );
            }
            _ => {
                let c = self.official_at(t, 0, TOWN_TOP, true);
                let mut fam = std::mem::replace(&mut t.families[c.off], empty_family());
                let male = self.chance(0.5);
                let child = self.add_child(t, &mut fam, male, Some(true));
                t.families[c.off] = fam;
                let cid = t.pid(child);
                let same = t.people[child].idn_valid;
                let dup = self.dup(t, child, same);
                let tid = t.orgs[0].id.clone();
                let paid = self.date_in(ymd(2019, 1, 1), ymd(2025, 3, 31));
                let amount = self.range(50, 200) * 100;
                let id = self.payment(&tid, &dup, amount, "补贴", paid, None, None, None);
                let term = if male {
                    "son (儿子)"
                } else {
                    "daughter (女儿)"
                };
                self.alert(
                    "kin-payee",
                    vec![c.pid.clone(), cid, dup.clone(), id],
                    format!(
                        "{} pays registry record {dup}, the same person as the {term} of {} {}",
                        t.name, c.title, c.pid
                    ),
                );
            }
        }
    }

    fn shared_contact(&mut self, t: &mut Town, variant: u8) {
        let v = self.village(t);
        let vname = t.orgs[v].name.clone();
        if variant == 0 {
            let c = self.official_at(t, v, DIRECTOR, false);
            let phone = t.people[c.p].phone.clone().expect("officials have phones");
            let name = self.company_name(t, Cat::Goods);
            let x = self.company(t, name, Some(Cat::Goods), None, None, None, Some(phone));
            let x = t.companies[x].id.clone();
            let rep = self.resident_id(t);
            self.role(&x, &rep, "legal_rep", None);
            let slot = self.shared_slot(t, v, Some(Cat::Goods));
            let approver = self.approver_of(t, v);
            self.inject(
                t,
                slot,
                x.clone(),
                approver,
                BidPlan::Normal,
                "open",
                None,
                None,
                None,
                None,
            );
            self.alert(
                "shared-contact",
                vec![x.clone(), c.pid.clone()],
                format!(
                    "{x}, a supplier of {vname}, has the phone of {} {}",
                    c.title, c.pid
                ),
            );
        } else {
            let c = self.official_at(t, v, SECRETARY, true);
            let mut fam = std::mem::replace(&mut t.families[c.off], empty_family());
            let child = self.add_child(t, &mut fam, true, Some(true));
            let addr = t.people[child].addr.clone();
            let matched: Vec<String> = fam
                .members
                .iter()
                .filter(|&&m| t.people[m].addr == addr)
                .map(|&m| t.pid(m))
                .collect();
            t.families[c.off] = fam;
            let caddr = punctuated(&addr, self.county, &t.name);
            let name = self.company_name(t, Cat::Services);
            let x = self.company(t, name, Some(Cat::Services), None, None, Some(caddr), None);
            let x = t.companies[x].id.clone();
            let rep = self.resident_id(t);
            self.role(&x, &rep, "legal_rep", None);
            let slot = self.shared_slot(t, v, Some(Cat::Services));
            let approver = self.approver_of(t, v);
            self.inject(
                t,
                slot,
                x.clone(),
                approver,
                BidPlan::Normal,
                "open",
                None,
                None,
                None,
                None,
            );
            let mut subj = vec![x.clone(), c.pid.clone()];
            subj.extend(matched);
            self.alert(
                "shared-contact",
                subj,
                format!("{x}, a supplier of {vname}, is registered at the home of the son (儿子) of {} {} (same address up to spaces and punctuation)", c.title, c.pid),
            );
        }
    }

    /// Variants 0 and 1 are alerts; 2 (invited, one bid) is a near miss.
    fn single_bidder(&mut self, t: &mut Town, variant: u8) {
        let v = self.village(t);
        let slot = self.shared_slot(t, v, None);
        let s = self.pool_free(t, slot, None);
        let approver = self.approver_of(t, v);
        let (bids, method) = match variant {
            0 => (BidPlan::OnlyWinner, "open"),
            1 => (BidPlan::OthersUnqualified, "open"),
            _ => (BidPlan::OnlyWinner, "invited"),
        };
        let id = self.inject(
            t,
            slot,
            s.clone(),
            approver,
            bids,
            method,
            None,
            None,
            None,
            None,
        );
        match variant {
            0 => self.alert(
                "single-bidder",
                vec![id, s],
                "open tender with a single bid".into(),
            ),
            1 => self.alert(
                "single-bidder",
                vec![id, s],
                "open tender where every other bid was disqualified".into(),
            ),
            _ => self.near_miss(
                "invited-single-bid",
                vec![id, s],
                "invited tender with a single bid: not an open tender".into(),
            ),
        }
    }

    /// Tenders demanding grade 2 whose peers all demand grade 2: quiet.
    fn peers(&mut self, t: &mut Town) {
        let slot = slot_index(0, Cat::Construction);
        if t.slots[slot].exclusive || !t.slots[slot].injected.is_empty() {
            return;
        }
        t.slots[slot].exclusive = true;
        t.slots[slot].n_bg = 0;
        let approver = self.approver_of(t, 0);
        let mut ids = Vec::new();
        for _ in 0..4 {
            let s = self.pool_free(t, slot, Some(2));
            let amount = self.range(80, 120) * 100_000;
            let id = self.inject(
                t,
                slot,
                s,
                approver.clone(),
                BidPlan::Normal,
                "open",
                Some("2"),
                Some(amount),
                None,
                None,
            );
            ids.push(id);
        }
        self.near_miss(
            "peers-same-grade",
            ids,
            format!(
                "{} demands grade 2 on large works, as do all comparable tenders",
                t.name
            ),
        );
    }

    /// A supplier that dominated more than three years before the buyer's latest award.
    fn old_window(&mut self, t: &mut Town) {
        let slot = self.exclusive_slot(t, None);
        let v = t.slots[slot].org;
        let s = self.pool_free(t, slot, None);
        let approver = self.approver_of(t, v);
        let mut d = ymd(2019, 1, 10) + Duration::days(self.range(0, 30));
        for _ in 0..5 {
            let amount = self.range(1000, 1300) * 100;
            self.inject(
                t,
                slot,
                s.clone(),
                approver.clone(),
                BidPlan::Normal,
                "open",
                None,
                Some(amount),
                Some(d),
                None,
            );
            d += Duration::days(self.range(45, 60));
        }
        for _ in 0..3 {
            let o = self.pool_free(t, slot, None);
            let day = self.date_in(ymd(2023, 6, 1), ymd(2024, 12, 31));
            let amount = self.range(1000, 1300) * 100;
            self.inject(
                t,
                slot,
                o,
                approver.clone(),
                BidPlan::Normal,
                "open",
                None,
                Some(amount),
                Some(day),
                None,
            );
        }
        let vid = t.orgs[v].id.clone();
        self.near_miss(
            "concentration-outside-window",
            vec![vid, s],
            "5 of 8 contracts, but all in 2019, more than 3 years before the latest award".into(),
        );
    }

    fn near_misses(&mut self, t: &mut Town, case: Case) {
        let v = self.village(t);
        let vid = t.orgs[v].id.clone();
        match case {
            Case::NmSurname => {
                let c = self.official_at(t, v, SECRETARY, false);
                let sur = t.people[c.p].surname.clone();
                let addr = self.home(t, v);
                let y = self.range(1965, 1990) as i32;
                let rep = self.person(t, PSpec::new(true, y, addr).surname(&sur));
                let rid = t.pid(rep);
                let (_, x) = self.fresh_company(t, Cat::Goods);
                self.role(&x, &rid, "legal_rep", None);
                self.role(&x, &rid, "shareholder", Some(100));
                let slot = self.shared_slot(t, v, Some(Cat::Goods));
                let approver = self.approver_of(t, v);
                let id = self.inject(
                    t,
                    slot,
                    x.clone(),
                    approver,
                    BidPlan::Normal,
                    "open",
                    None,
                    None,
                    None,
                    None,
                );
                self.near_miss("shared-surname", vec![c.pid, rid, x, id],
                    format!("the supplier's legal_rep shares the surname {sur} with the secretary; no tie"));
            }
            Case::NmCousinChild => {
                let c = self.official_at(t, v, SECRETARY, true);
                let mut fam = std::mem::replace(&mut t.families[c.off], empty_family());
                let (_, cousin) = self.add_uncle_cousin(t, &mut fam, true);
                let cy = t.people[cousin].birth.year();
                let addr = self.home(t, fam.village);
                let hi = (2000 - cy).clamp(22, 30);
                let y = cy + self.range(22, hi as i64) as i32;
                let father = t.people[cousin].male;
                let sur = if father {
                    t.people[cousin].surname.clone()
                } else {
                    String::new()
                };
                let mut s = PSpec::new(self.chance(0.5), y, addr);
                if father {
                    s = s.surname(&sur);
                }
                let cc = self.person(t, s);
                self.k_parent(t, cc, cousin);
                fam.members.push(cc);
                t.families[c.off] = fam;
                let (cousin_id, cc_id) = (t.pid(cousin), t.pid(cc));
                let (_, x) = self.fresh_company(t, Cat::Cleaning);
                self.role(&x, &cc_id, "legal_rep", None);
                self.role(&x, &cc_id, "shareholder", Some(100));
                let slot = self.shared_slot(t, v, Some(Cat::Cleaning));
                let id = self.inject(
                    t,
                    slot,
                    x.clone(),
                    c.pid.clone(),
                    BidPlan::Normal,
                    "open",
                    None,
                    None,
                    None,
                    None,
                );
                self.near_miss(
                    "cousin-child",
                    vec![c.pid, cousin_id, cc_id, x, id],
                    "the supplier's legal_rep is a first cousin's child: outside the recusal scope"
                        .into(),
                );
            }
            Case::NmSameName => {
                let c = self.official_at(t, v, DIRECTOR, false);
                let sp = t.families[c.off].spouse;
                let (name, male, birth) = {
                    let p = &t.people[sp];
                    (p.name.clone(), p.male, p.birth)
                };
                let shift = self.range(3 * 365, 10 * 365);
                let other = if birth.year() > 1985 {
                    birth - Duration::days(shift)
                } else {
                    birth + Duration::days(shift)
                };
                let hv = self.village(t);
                let addr = self.home(t, hv);
                let mut s = PSpec::new(male, other.year(), addr);
                s.name = Some(name.clone());
                s.birth = Some(other);
                s.id = IdKind::Valid;
                let nm = self.person(t, s);
                let nid = t.pid(nm);
                let (_, x) = self.fresh_company(t, Cat::Services);
                self.role(&x, &nid, "legal_rep", None);
                self.role(&x, &nid, "shareholder", Some(100));
                let slot = self.shared_slot(t, v, Some(Cat::Services));
                let approver = self.approver_of(t, v);
                let id = self.inject(
                    t,
                    slot,
                    x.clone(),
                    approver,
                    BidPlan::Normal,
                    "open",
                    None,
                    None,
                    None,
                    None,
                );
                let spid = t.pid(sp);
                self.near_miss("same-name-other-birth-date", vec![c.pid, spid, nid, x, id],
                    format!("the supplier's legal_rep is named {name} like the official's spouse but born on another date"));
            }
            Case::NmResidentCollective => {
                let e = self.collective_of(t, v);
                let l = &t.residents[v];
                let r = t.pid(l[self.below(l.len())]);
                let paid = self.date_in(ymd(2014, 1, 1), ymd(2024, 12, 31));
                let id = self.payment(&e, &r, 3_000, "补贴", paid, None, None, None);
                self.near_miss(
                    "collective-pays-resident",
                    vec![e, r, id],
                    "a collective enterprise pays a resident who holds no post".into(),
                );
            }
            Case::NmLate30 => {
                let c = self.official_at(t, v, BOOKKEEPER, false);
                let payer = self.fee_payer(t, v);
                let paid = self.date_in(ymd(2020, 1, 1), ymd(2024, 10, 31));
                let rec = paid + Duration::days(30);
                let id = self.payment(
                    &payer,
                    &vid,
                    8_000,
                    "保洁费",
                    paid,
                    Some(rec),
                    Some(&c.pid),
                    None,
                );
                self.near_miss(
                    "booked-after-30-days",
                    vec![c.pid, id],
                    "booked exactly 30 days after collection: not more than 30".into(),
                );
            }
            Case::NmInvalidId => {
                let c = self.official_at(t, v, MEMBER, false);
                let mut fam = std::mem::replace(&mut t.families[c.off], empty_family());
                let male = self.chance(0.5);
                let r = self.add_sibling_kind(t, &mut fam, male, IdKind::Invalid);
                t.families[c.off] = fam;
                let (idn, sur, birth) = {
                    let p = &t.people[r];
                    (
                        p.idn.clone().unwrap_or_default(),
                        p.surname.clone(),
                        p.birth,
                    )
                };
                let hv = self.village(t);
                let addr = self.home(t, hv);
                let mut s = PSpec::new(male, birth.year(), addr).surname(&sur);
                s.birth = Some(birth);
                s.id_exact = Some((idn, false));
                let rep = self.person(t, s);
                let (rid, repid) = (t.pid(r), t.pid(rep));
                let (_, x) = self.fresh_company(t, Cat::Goods);
                self.role(&x, &repid, "legal_rep", None);
                self.role(&x, &repid, "shareholder", Some(100));
                let slot = self.shared_slot(t, v, Some(Cat::Goods));
                let approver = self.approver_of(t, v);
                let id = self.inject(
                    t,
                    slot,
                    x.clone(),
                    approver,
                    BidPlan::Normal,
                    "open",
                    None,
                    None,
                    None,
                    None,
                );
                self.near_miss("invalid-id-number-shared", vec![c.pid, rid, repid, x, id],
                    "the supplier's legal_rep has the official's sibling's id_number, but it fails its check character and the names differ".into());
            }
            Case::NmCollectiveOtherVillage => {
                let v2 = 1 + (v % (t.orgs.len() - 1));
                if v2 == v {
                    return;
                }
                let e = self.collective_of(t, v);
                let c = self.official_at(t, v2, &[], false);
                let paid = self.date_in(ymd(2014, 1, 1), ymd(2024, 12, 31));
                let id = self.payment(&e, &c.pid, 5_000, "补贴", paid, None, None, None);
                self.near_miss("collective-pays-other-village-official", vec![c.pid, e, vid, id],
                    "the collective of one village pays an official of a sibling village, not of its owner nor above it".into());
            }
            Case::NmRelativeEmployee => {
                let c = self.official_at(t, v, DIRECTOR, true);
                let mut fam = std::mem::replace(&mut t.families[c.off], empty_family());
                let male = self.chance(0.5);
                self.add_sibling(t, &mut fam, male);
                let si = fam.siblings.len() - 1;
                self.add_sibling_spouse(t, &mut fam, si);
                let nm = self.chance(0.5);
                let n = self.add_sibling_child(t, &mut fam, si, nm, true);
                t.families[c.off] = fam;
                let nid = t.pid(n);
                let (_, x) = self.fresh_company(t, Cat::Cleaning);
                let rep = self.resident_id(t);
                self.role(&x, &rep, "legal_rep", None);
                self.role(&x, &rep, "shareholder", Some(100));
                self.role(&x, &nid, "employee", None);
                let slot = self.shared_slot(t, v, Some(Cat::Cleaning));
                let approver = self.approver_of(t, v);
                let id = self.inject(
                    t,
                    slot,
                    x.clone(),
                    approver,
                    BidPlan::Normal,
                    "open",
                    None,
                    None,
                    None,
                    None,
                );
                self.near_miss(
                    "relative-is-employee",
                    vec![c.pid, nid, x, id],
                    "the official's nephew or niece is only an employee of the supplier".into(),
                );
            }
            _ => unreachable!("handled elsewhere: {case:?}"),
        }
    }
}

fn empty_family() -> super::world::Family {
    super::world::Family {
        p: 0,
        father: 0,
        mother: 0,
        spouse: 0,
        siblings: Vec::new(),
        children: Vec::new(),
        spouse_parents: None,
        spouse_siblings: Vec::new(),
        members: Vec::new(),
        village: 0,
    }
}
