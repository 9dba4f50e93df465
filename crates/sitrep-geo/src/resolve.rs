//! Toponym resolution over a whole text.
//!
//! 1. **Candidates** ([`crate::find`]): kb and gazetteer names that read as
//!    places.
//! 2. **Disambiguation.** Every reading gets a score: a prior by kind and
//!    population, the country context of the text (countries, provinces and
//!    kb sites named in it), an explicit parent ("Erbil, Iraq", "Ramadi,
//!    Anbar") and closeness to the places already placed. kb facilities and
//!    curated kb places come first. Scores become shares (softmax) carried
//!    as `alternatives`.
//! 3. **Relative phrases** ("near Erbil", "50 km north of Baghdad",
//!    "western Iraq") adjust the point and the precision: see
//!    [`crate::relative::qualify`].

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use sitrep_core::{Location, LocationAlternative, LocationPrecision};
use sitrep_kb::{Kb, SiteEntry};

use crate::find::{Candidate, LowerWords, candidates, plausible, starts_capitalised};
use crate::fold::fold_into;
use crate::gazetteer::{Entry, EntryKind, Gazetteer};
use crate::relative::qualify;

/// One reading of a candidate: a kb site or a gazetteer entry.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Reading {
    Facility(usize),
    KbPlace(usize),
    Entry(u32),
}

/// A place found in a text and resolved.
#[derive(Debug, Clone)]
pub struct Placed {
    pub start: usize,
    pub end: usize,
    pub location: Location,
    /// A representative point even where `location` has none (a country):
    /// for distance scoring, never for output.
    pub point: (f64, f64),
    /// The GeoNames id of the named place itself, kept when a relative
    /// phrase turns "Iraq" into "western Iraq" (which has none).
    pub geonameid: Option<u32>,
    /// Named by its name, an adjective ("Canadian", which says whose more
    /// often than where) or an abbreviation ("B.C.").
    pub form: NameForm,
}

/// The country context of a text, from the places it names.
#[derive(Debug, Clone, Default)]
pub struct Context {
    countries: HashMap<String, f64>,
    admin1: HashSet<String>,
    anchors: Vec<(f64, f64)>,
}

impl Context {
    /// Counts a location the text names towards the context.
    pub fn add(&mut self, location: &Location) {
        if let Some(c) = &location.country {
            *self.countries.entry(c.clone()).or_default() += 1.0;
        }
        if let Some(a) = &location.admin1 {
            self.admin1.insert(a.clone());
        }
        if let (Some(lat), Some(lon)) = (location.lat, location.lon) {
            self.anchors.push((lat, lon));
        }
    }

    fn country_share(&self, code: &str) -> f64 {
        let max = self.countries.values().cloned().fold(0.0, f64::max);
        if max == 0.0 {
            return 0.0;
        }
        self.countries.get(code).map_or(0.0, |n| n / max)
    }
}

pub(crate) struct KbIndex {
    pub(crate) names: HashMap<String, Vec<Reading>>,
    /// The reading of each kb facility and place, by kb id.
    pub(crate) ids: HashMap<String, Reading>,
    /// Folded word prefixes of kb aliases, to know when to keep extending.
    pub(crate) prefixes: HashSet<String>,
    /// Adjectives and abbreviations of places (`data/english_forms.tsv`), by
    /// folded form: they name only their target.
    pub(crate) forms: HashMap<String, Form>,
    /// The (first byte, length) shapes of the keys of `forms` and of
    /// `prefixes`: asked for every capitalised word of every sentence, most
    /// of which no form or prefix has ([`Shapes`]).
    form_shapes: Shapes,
    prefix_shapes: Shapes,
}

/// For each first byte, a bit per length (up to 63 bytes) of the keys of a
/// set: a word whose shape is not there is not in the set, without hashing.
#[derive(Clone)]
struct Shapes(Box<[u64; 256]>);

impl Shapes {
    fn of<'a>(keys: impl Iterator<Item = &'a String>) -> Self {
        let mut bits = Box::new([0u64; 256]);
        for k in keys {
            if let Some(&first) = k.as_bytes().first() {
                bits[first as usize] |= 1 << k.len().min(63);
            }
        }
        Shapes(bits)
    }

    fn may_hold(&self, key: &str) -> bool {
        key.as_bytes()
            .first()
            .is_some_and(|&b| self.0[b as usize] & (1 << key.len().min(63)) != 0)
    }
}

/// An adjective ("Canadian") or abbreviation ("B.C.") that names a place.
pub(crate) struct Form {
    pub(crate) target: u32,
    /// How an abbreviation must be written ("Ky." but not "KY" or "Ky");
    /// empty for an adjective.
    spellings: Vec<&'static str>,
    /// Postal codes ("KY", "AB") that count only after a town and a comma.
    postal: Vec<&'static str>,
}

/// How a place is named.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NameForm {
    #[default]
    Name,
    /// "Canadian", "Iraqis".
    Demonym,
    /// "U.S.", "B.C.", "Ky.", a postal code after a town ("Paris, TX").
    Abbreviation,
}

impl Form {
    /// A demonym or an abbreviation.
    pub(crate) fn kind(&self) -> NameForm {
        if self.spellings.is_empty() && self.postal.is_empty() {
            NameForm::Demonym
        } else {
            NameForm::Abbreviation
        }
    }

    /// True when the text spells the form as listed. `surface` is the span,
    /// `before` and `after` the text around it (an abbreviation's final
    /// period is not part of the span). After "Town, " an abbreviation may
    /// drop its period ("Edmonton, Ky") and a postal code counts.
    pub(crate) fn spelled(&self, surface: &str, before: &str, after: &str) -> bool {
        if self.spellings.is_empty() && self.postal.is_empty() {
            return true;
        }
        let after_town = before.ends_with(", ")
            && before[..before.len() - 2]
                .rsplit(' ')
                .next()
                .is_some_and(starts_capitalised);
        self.spellings.iter().any(|s| {
            *s == surface
                || (after.starts_with('.') && s.strip_suffix('.') == Some(surface))
                || (after_town && s.strip_suffix('.') == Some(surface))
        }) || (after_town && self.postal.contains(&surface))
    }
}

/// The adjectives and abbreviations of `data/english_forms.tsv` resolved to
/// gazetteer entries.
fn english_forms() -> HashMap<String, Form> {
    let g = Gazetteer::get();
    let mut out: HashMap<String, Form> = HashMap::default();
    let mut key = String::new();
    for line in include_str!("../data/english_forms.tsv").lines() {
        let mut f = line.split('\t');
        let (Some(form), Some(kind), Some(target)) = (f.next(), f.next(), f.next()) else {
            continue;
        };
        if form.starts_with('#') {
            continue;
        }
        let entry = if let Some(continent) = target.strip_prefix("cont:") {
            g.lookup(continent)
                .into_iter()
                .find(|&i| g.entry(i).kind == EntryKind::Region)
        } else if let Some((country, division)) = target.split_once('.') {
            g.lookup(division).into_iter().find(|&i| {
                let e = g.entry(i);
                e.kind == EntryKind::Admin1 && e.country_code() == country
            })
        } else {
            g.country(target).map(|e| e.index)
        };
        // A target the gazetteer lacks is a mistake in the list, caught by
        // the unit test; at run time the form is simply not known.
        let Some(target) = entry else { continue };
        fold_into(form, &mut key);
        let slot = out.entry(key.clone()).or_insert(Form {
            target,
            spellings: Vec::new(),
            postal: Vec::new(),
        });
        match kind {
            "abbreviation" => slot.spellings.push(form),
            "postal" => slot.postal.push(form),
            _ => {}
        }
    }
    out
}

/// Words after a name that make it a division ("Anbar province").
pub(crate) const DIVISION_WORDS: [&str; 4] = ["region", "province", "oblast", "governorate"];

impl KbIndex {
    /// False when no form has `key`'s shape: it is then no form.
    pub(crate) fn form_shaped(&self, key: &str) -> bool {
        self.form_shapes.may_hold(key)
    }

    /// True when a kb name or a form starts with the words of `key`.
    pub(crate) fn may_continue(&self, key: &str) -> bool {
        self.prefix_shapes.may_hold(key) && self.prefixes.contains(key)
    }

    /// The index with the shapes of its forms and prefixes.
    fn shaped(mut self) -> Self {
        self.form_shapes = Shapes::of(self.forms.keys());
        self.prefix_shapes = Shapes::of(self.prefixes.iter());
        self
    }

    /// Every reading of the name `surface` (kb sites, gazetteer entries, or
    /// the one place an adjective or abbreviation names) and whether it is
    /// such a form. `before` and `after` are the text around it, which an
    /// abbreviation's spelling depends on ("Glasgow, Ky."). "Anbar
    /// province", "Donetsk region": only the divisions of that name.
    pub(crate) fn readings(
        &self,
        surface: &str,
        before: &str,
        after: &str,
    ) -> (Vec<Reading>, NameForm) {
        let mut key = String::new();
        fold_into(surface, &mut key);
        let division = DIVISION_WORDS
            .iter()
            .find_map(|w| key.strip_suffix(w).map(|k| k.trim_end().to_string()))
            .filter(|k| !k.is_empty() && !self.names.contains_key(&key));
        if let Some(name) = &division {
            key.clone_from(name);
        }
        let mut readings: Vec<Reading> = self.names.get(&key).cloned().unwrap_or_default();
        let form = self
            .forms
            .get(&key)
            .filter(|f| f.spelled(surface, before, after));
        match form {
            Some(f) => readings.push(Reading::Entry(f.target)),
            None => readings.extend(
                Gazetteer::get()
                    .lookup_folded(&key)
                    .into_iter()
                    .map(Reading::Entry),
            ),
        }
        if division.is_some() {
            let divisions = only_divisions(&readings);
            if !divisions.is_empty() {
                readings = divisions;
            }
        }
        (readings, form.map_or(NameForm::Name, |f| f.kind()))
    }

    /// The index of adjectives and abbreviations alone, for finding
    /// gazetteer names whatever the kb holds.
    pub(crate) fn forms_only() -> Self {
        let mut index = Self::empty();
        index.forms = english_forms();
        index.prefixes = form_prefixes(&index.forms);
        index.shaped()
    }

    pub(crate) fn empty() -> Self {
        KbIndex {
            names: HashMap::default(),
            ids: HashMap::default(),
            prefixes: HashSet::default(),
            forms: HashMap::default(),
            form_shapes: Shapes::of(std::iter::empty()),
            prefix_shapes: Shapes::of(std::iter::empty()),
        }
    }

    pub(crate) fn new(kb: &Kb) -> Self {
        let mut names: HashMap<String, Vec<Reading>> = HashMap::default();
        let mut ids = HashMap::default();
        let mut prefixes = HashSet::default();
        let mut key = String::new();
        let sites = kb
            .facilities
            .iter()
            .enumerate()
            .map(|(i, f)| (Reading::Facility(i), f))
            .chain(
                kb.places
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (Reading::KbPlace(i), p)),
            );
        for (reading, site) in sites {
            ids.insert(site.id.clone(), reading);
            for alias in std::iter::once(&site.name).chain(&site.aliases) {
                fold_into(alias, &mut key);
                if key.is_empty() {
                    continue;
                }
                let words: Vec<&str> = key.split(' ').collect();
                for n in 1..words.len() {
                    prefixes.insert(words[..n].join(" "));
                }
                let list = names.entry(key.clone()).or_default();
                if !list.contains(&reading) {
                    list.push(reading);
                }
            }
        }
        // Adjectives of countries ("Turkish", "Iraqi") name their country,
        // as gazetteer-annotated news counts them; "B.C." names a province.
        let forms = english_forms();
        prefixes.extend(form_prefixes(&forms));
        KbIndex {
            names,
            ids,
            prefixes,
            forms,
            form_shapes: Shapes::of(std::iter::empty()),
            prefix_shapes: Shapes::of(std::iter::empty()),
        }
        .shaped()
    }
}

/// The word prefixes of multi-word forms ("South" of "South African"), to
/// know when a name may still grow.
fn form_prefixes(forms: &HashMap<String, Form>) -> HashSet<String> {
    let mut out = HashSet::default();
    for form in forms.keys() {
        let words: Vec<&str> = form.split(' ').collect();
        for n in 1..words.len() {
            out.insert(words[..n].join(" "));
        }
    }
    out
}

/// The first- and second-level divisions among `readings`.
pub(crate) fn only_divisions(readings: &[Reading]) -> Vec<Reading> {
    let g = Gazetteer::get();
    readings
        .iter()
        .filter(|r| match r {
            Reading::Entry(e) => matches!(g.entry(*e).kind, EntryKind::Admin1 | EntryKind::Admin2),
            _ => false,
        })
        .cloned()
        .collect()
}

/// True when `surface` is the entry's own name or its short form
/// ("Newcastle" for Newcastle upon Tyne), not another of its names
/// ("Salisbury" for Harare); articles and accents aside.
pub(crate) fn own_name(e: &Entry, surface: &str) -> bool {
    let (mut a, mut b) = (String::new(), String::new());
    fold_into(e.name, &mut a);
    fold_into(surface, &mut b);
    let bare = |s: &str| {
        crate::fold::strip_article(s)
            .map(str::to_string)
            .unwrap_or_else(|| s.to_string())
    };
    let (a, b) = (bare(&a), bare(&b));
    a == b || a.strip_prefix(&b).is_some_and(|rest| rest.starts_with(' '))
}

/// Prior log-odds of a reading from what it is alone.
fn prior(e: &Entry, same_name_place: bool) -> f64 {
    match e.kind {
        EntryKind::Country => 10.0,
        EntryKind::Region => 9.0,
        // "Erbil" alone is the city, "Anbar" the province.
        EntryKind::Admin1 if same_name_place => 5.0,
        EntryKind::Admin1 => 7.5,
        EntryKind::Admin2 => 3.5,
        EntryKind::Place => (e.population as f64 + 10.0).log10(),
    }
}

pub(crate) fn precision_of(kind: EntryKind) -> LocationPrecision {
    match kind {
        EntryKind::Country => LocationPrecision::Country,
        EntryKind::Admin1 => LocationPrecision::Admin1,
        EntryKind::Admin2 => LocationPrecision::Admin2,
        EntryKind::Place => LocationPrecision::Town,
        EntryKind::Region => LocationPrecision::Region,
    }
}

/// The location of a gazetteer entry, coordinates only where they mean a point.
/// A city-state ("Hong Kong", "Singapore", "Macau") is its city, a point.
pub fn entry_location(e: &Entry, text: Option<&str>) -> Location {
    let g = Gazetteer::get();
    let city = city_of_state(e);
    let precision = match city {
        Some(_) => LocationPrecision::Town,
        None => precision_of(e.kind),
    };
    let point = city.map_or((!e.is_area()).then_some((e.lat, e.lon)), |c| {
        Some((c.lat, c.lon))
    });
    let admin1 = match e.kind {
        EntryKind::Admin1 => Some(e.name.to_string()),
        _ => e.admin1.map(|a| g.entry(a).name.to_string()),
    };
    Location {
        name: Some(e.name.to_string()),
        country: Some(e.country_code().to_string()).filter(|c| !c.is_empty()),
        admin1,
        lat: point.map(|p| round(p.0)),
        lon: point.map(|p| round(p.1)),
        precision,
        text: text.map(String::from),
        kb_id: None,
        geonameid: (e.geonameid > 0).then_some(e.geonameid),
        alternatives: Vec::new(),
    }
}

/// The city of a country that is one city: a place of that name holding
/// half its people or more.
fn city_of_state(e: &Entry) -> Option<Entry> {
    if e.kind != EntryKind::Country || e.population == 0 {
        return None;
    }
    let g = Gazetteer::get();
    g.lookup(e.name).into_iter().map(|i| g.entry(i)).find(|c| {
        c.kind == EntryKind::Place
            && c.country == e.country
            && u64::from(c.population) * 2 >= u64::from(e.population)
    })
}

pub(crate) fn round(x: f64) -> f64 {
    (x * 1e5).round() / 1e5
}

/// The GeoNames id in a kb row's `source`, when it cites GeoNames.
pub(crate) fn geonameid_of(site: &SiteEntry) -> Option<u32> {
    site.source
        .strip_prefix("https://www.geonames.org/")
        .and_then(|rest| rest.split('/').next())
        .and_then(|id| id.parse().ok())
}

pub(crate) fn site_location(site: &SiteEntry, facility: bool, text: Option<&str>) -> Location {
    let precision = if facility {
        LocationPrecision::Facility
    } else {
        match site.kind.as_str() {
            "country" => LocationPrecision::Country,
            "admin1" => LocationPrecision::Admin1,
            "admin2" => LocationPrecision::Admin2,
            "town" => LocationPrecision::Town,
            _ => LocationPrecision::Region,
        }
    };
    let point = !matches!(
        precision,
        LocationPrecision::Country | LocationPrecision::Region
    );
    Location {
        name: Some(site.name.clone()),
        country: Some(site.country.clone()),
        admin1: site.admin1.clone(),
        lat: point.then_some(site.lat),
        lon: point.then_some(site.lon),
        precision,
        text: text.map(String::from),
        kb_id: Some(site.id.clone()),
        geonameid: if facility { None } else { geonameid_of(site) },
        alternatives: Vec::new(),
    }
}

/// Resolves the readings of one candidate. `parent` is the location named
/// right after it (", Iraq"); `ctx` the text's context.
pub(crate) fn choose(
    kb: &Kb,
    readings: &[Reading],
    surface: &str,
    ctx: &Context,
    parent: Option<&Location>,
) -> Option<Placed> {
    let g = Gazetteer::get();
    // A kb facility or curated place is the reading: it was put there for
    // this text's kind of news. The gazetteer's readings become alternatives.
    let kb_pick = readings
        .iter()
        .find(|r| matches!(r, Reading::Facility(_)))
        .or_else(|| readings.iter().find(|r| matches!(r, Reading::KbPlace(_))));
    let entries: Vec<Entry> = readings
        .iter()
        .filter_map(|r| match r {
            Reading::Entry(i) => Some(g.entry(*i)),
            _ => None,
        })
        .collect();
    let place_names: HashSet<(&str, [u8; 2])> = entries
        .iter()
        .filter(|e| e.kind == EntryKind::Place && e.population >= 50_000)
        .map(|e| (e.name, e.country))
        .collect();
    let own_name_elsewhere = entries
        .iter()
        .any(|e| e.kind == EntryKind::Place && own_name(e, surface));
    let mut scored: Vec<(f64, Entry)> = entries
        .iter()
        .map(|e| {
            let same = e.kind == EntryKind::Admin1 && place_names.contains(&(e.name, e.country));
            let mut s = prior(e, same);
            // "Salisbury" is a town in England before it is Harare's
            // former name: another's own name beats an alternate one.
            if own_name_elsewhere && e.kind == EntryKind::Place && !own_name(e, surface) {
                s -= 2.0;
            }
            let code = e.country_code();
            s += 3.0 * ctx.country_share(code);
            let admin1_name = e.admin1.map(|a| g.entry(a).name);
            if admin1_name.is_some_and(|a| ctx.admin1.contains(a)) {
                s += 1.5;
            }
            if let Some(p) = parent
                && p.country.as_deref() == Some(code)
            {
                s += 6.0;
                if p.precision == LocationPrecision::Admin1
                    && p.admin1.is_some()
                    && p.admin1.as_deref() == admin1_name
                {
                    s += 4.0;
                }
            }
            if !e.is_area() {
                // 1.4 degrees of latitude is over 150 km: no need to ask.
                let nearest = ctx
                    .anchors
                    .iter()
                    .filter(|&&(la, _)| (la - e.lat).abs() < 1.4)
                    .map(|&(la, lo)| crate::haversine_km(la, lo, e.lat, e.lon))
                    .fold(f64::INFINITY, f64::min);
                // Places named together lie together ("Edmonton" beside
                // "London" is the London one).
                if nearest < 150.0 {
                    s += 1.0;
                }
                if nearest < 40.0 {
                    s += 1.5;
                }
            }
            (s, *e)
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    // Shares of a softmax over the scores, for `alternatives`.
    let top = scored.first().map_or(0.0, |s| s.0);
    let weights: Vec<f64> = scored.iter().map(|(s, _)| (s - top).exp()).collect();
    let total: f64 = weights.iter().sum::<f64>() + if kb_pick.is_some() { 1.0 } else { 0.0 };
    let alternative = |(s, e): &(f64, Entry), w: f64| LocationAlternative {
        name: e.name.to_string(),
        country: Some(e.country_code().to_string()).filter(|c| !c.is_empty()),
        admin1: entry_location(e, None).admin1,
        lat: (!e.is_area()).then_some(round(e.lat)),
        lon: (!e.is_area()).then_some(round(e.lon)),
        precision: precision_of(e.kind),
        geonameid: (e.geonameid > 0).then_some(e.geonameid),
        kb_id: None,
        score: ((w / total) * 1000.0).round() / 1000.0 + 0.0 * s,
    };
    if let Some(pick) = kb_pick {
        let (site, facility) = match pick {
            Reading::Facility(i) => (&kb.facilities[*i], true),
            Reading::KbPlace(i) => (&kb.places[*i], false),
            Reading::Entry(_) => unreachable!(),
        };
        let mut location = site_location(site, facility, Some(surface));
        let own = location.geonameid;
        location.alternatives = scored
            .iter()
            .zip(&weights)
            .filter(|((_, e), _)| Some(e.geonameid) != own)
            .take(3)
            .map(|(s, w)| alternative(s, *w * 0.5))
            .collect();
        let point = (site.lat, site.lon);
        return Some(Placed {
            start: 0,
            end: 0,
            geonameid: location.geonameid,
            location,
            point,
            form: NameForm::Name,
        });
    }
    let (_, best) = *scored.first()?;
    let mut location = entry_location(&best, Some(surface));
    location.alternatives = scored
        .iter()
        .zip(&weights)
        .skip(1)
        .take(3)
        .map(|(s, w)| alternative(s, *w))
        .collect();
    Some(Placed {
        start: 0,
        end: 0,
        geonameid: location.geonameid,
        location,
        point: (best.lat, best.lon),
        form: NameForm::Name,
    })
}

/// Finds and resolves every place named in `text`.
pub(crate) fn places(kb: &Kb, index: &KbIndex, text: &str) -> Vec<Placed> {
    let lower = LowerWords::set(text);
    let found: Vec<Candidate> = candidates(text, index)
        .into_iter()
        .filter(|c| plausible(text, c, &lower))
        .collect();
    resolve_all(kb, text, &found)
}

/// Resolves the place names found in one text together: the countries,
/// provinces and kb sites among them set the context, a name followed by
/// ", Country" takes it as parent, and towns are read again beside every
/// other town of the text.
pub(crate) fn resolve_all(kb: &Kb, text: &str, found: &[Candidate]) -> Vec<Placed> {
    let names = crate::names::not_places(text, found);
    let kept: Vec<&Candidate> = found
        .iter()
        .zip(names)
        .filter(|(_, name)| !name)
        .map(|(c, _)| c)
        .collect();
    let narrowed = narrow_parents(kb, text, &kept);
    let kept: Vec<&Candidate> = narrowed.iter().collect();
    // First pass without context: countries, provinces and kb sites set it.
    let mut ctx = Context::default();
    let mut first = Vec::with_capacity(kept.len());
    for c in &kept {
        let surface = &text[c.start..c.end];
        let placed = choose(kb, &c.readings, surface, &Context::default(), None);
        if let Some(p) = &placed
            && (p.location.kb_id.is_some()
                || matches!(
                    p.location.precision,
                    LocationPrecision::Country | LocationPrecision::Admin1
                ))
        {
            ctx.add(&p.location);
        }
        first.push(placed);
    }
    let base = ctx.clone();
    let mut out: Vec<(usize, Placed)> = Vec::with_capacity(kept.len());
    for (n, c) in kept.iter().enumerate() {
        let surface = &text[c.start..c.end];
        let parent = first_parent(text, &kept, &first, n);
        let Some(mut placed) = choose(kb, &c.readings, surface, &ctx, parent) else {
            continue;
        };
        placed.start = c.start;
        placed.end = c.end;
        placed.form = c.form;
        placed.location = qualify(placed.location, &text[..c.start]);
        if placed.location.precision <= LocationPrecision::Town {
            ctx.anchors.push(placed.point);
        }
        out.push((n, placed));
    }
    // Last pass: every town is read again beside all the other places the
    // text names, before and after it.
    let points: Vec<(&str, (f64, f64))> = out
        .iter()
        .filter(|(_, p)| p.location.precision <= LocationPrecision::Town)
        .map(|(_, p)| (&text[p.start..p.end], p.point))
        .collect();
    let mut again = base;
    for (n, placed) in out.iter_mut() {
        let c = kept[*n];
        if c.readings.len() < 2 || placed.location.precision > LocationPrecision::Admin2 {
            continue;
        }
        let surface = &text[c.start..c.end];
        again.anchors.clear();
        again.anchors.extend(
            points
                .iter()
                .filter(|(s, _)| !s.eq_ignore_ascii_case(surface))
                .map(|&(_, p)| p),
        );
        let parent = first_parent(text, &kept, &first, *n);
        if let Some(mut better) = choose(kb, &c.readings, surface, &again, parent) {
            better.start = c.start;
            better.end = c.end;
            better.form = c.form;
            better.location = qualify(better.location, &text[..c.start]);
            *placed = better;
        }
    }
    out.into_iter().map(|(_, p)| p).collect()
}

/// "Atlanta, Georgia", "Warren County, Kentucky": a name after a place and
/// a comma keeps only its readings that hold a reading of that place (the
/// US state, not the kb's country).
fn narrow_parents(kb: &Kb, text: &str, kept: &[&Candidate]) -> Vec<Candidate> {
    let g = Gazetteer::get();
    let mut out: Vec<Candidate> = kept.iter().map(|c| (*c).clone()).collect();
    for n in 1..out.len() {
        if &text[out[n - 1].end..out[n].start] != ", " {
            continue;
        }
        let children: Vec<Entry> = out[n - 1]
            .readings
            .iter()
            .filter_map(|r| match r {
                Reading::Entry(i) => Some(g.entry(*i)),
                _ => None,
            })
            .filter(|e| matches!(e.kind, EntryKind::Place | EntryKind::Admin2))
            .collect();
        let holds = |r: &Reading| match r {
            Reading::Entry(i) => {
                let p = g.entry(*i);
                match p.kind {
                    EntryKind::Admin1 => children.iter().any(|c| c.admin1 == Some(*i)),
                    EntryKind::Country => children.iter().any(|c| c.country == p.country),
                    _ => false,
                }
            }
            Reading::KbPlace(i) => {
                let site = &kb.places[*i];
                match site.kind.as_str() {
                    "country" => children.iter().any(|c| c.country_code() == site.country),
                    "admin1" => {
                        let here = site_location(site, false, None);
                        children
                            .iter()
                            .any(|c| crate::same_admin1(&here, &entry_location(c, None)))
                    }
                    _ => false,
                }
            }
            Reading::Facility(_) => false,
        };
        if out[n].readings.iter().any(holds) {
            out[n].readings.retain(holds);
        }
    }
    out
}

/// "Erbil, Iraq": the candidate after a comma, when it is a country or a
/// province, is the parent of candidate `n`.
fn first_parent<'a>(
    text: &str,
    kept: &[&Candidate],
    first: &'a [Option<Placed>],
    n: usize,
) -> Option<&'a Location> {
    let next = kept.get(n + 1)?;
    let gap = &text[kept[n].end..next.start];
    (gap == ", " || gap == " , ")
        .then(|| first[n + 1].as_ref().map(|p| &p.location))
        .flatten()
        .filter(|p| {
            matches!(
                p.precision,
                LocationPrecision::Country | LocationPrecision::Admin1
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Vec<(String, Location)> {
        let kb = Kb::embedded().unwrap();
        let index = KbIndex::new(&kb);
        places(&kb, &index, text)
            .into_iter()
            .map(|p| (text[p.start..p.end].to_string(), p.location))
            .collect()
    }
    #[test]
    fn hierarchy_and_context_pick_the_reading() {
        let found = run("Rockets hit a camp near Tikrit, Iraq, and a depot in Anbar province.");
        let names: Vec<&str> = found.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(names, ["Tikrit", "Iraq", "Anbar province"]);
        assert_eq!(found[0].1.country.as_deref(), Some("IQ"));
        assert_eq!(found[0].1.precision, LocationPrecision::Admin2, "near");
        assert_eq!(found[2].1.precision, LocationPrecision::Admin1);
        assert!(found[2].1.lat.is_some());
    }

    #[test]
    fn population_prior_and_country_context() {
        let found = run("Talks were held in Paris on Monday.");
        assert_eq!(found[0].1.country.as_deref(), Some("FR"));
        assert!(!found[0].1.alternatives.is_empty());
        let found = run("Fighting in Lebanon reached Tripoli, where shelling continued.");
        let tripoli = &found.iter().find(|f| f.0 == "Tripoli").unwrap().1;
        assert_eq!(tripoli.country.as_deref(), Some("LB"));
    }

    #[test]
    fn relative_phrases_set_precision() {
        let found = run("The drone fell 50 km north of Baghdad, in western Iraq.");
        let baghdad = &found[0].1;
        assert_eq!(baghdad.precision, LocationPrecision::Admin2);
        assert!(baghdad.lat.unwrap() > 33.7, "{baghdad:?}");
        let iraq = &found[1].1;
        assert_eq!(iraq.precision, LocationPrecision::Region);
        assert_eq!(iraq.name.as_deref(), Some("western Iraq"));
        assert_eq!((iraq.lat, iraq.lon), (None, None));
    }

    #[test]
    fn adjectives_abbreviations_and_continents() {
        let found = run("Canadian troops left B.C. for Glasgow, Ky. and Paris, TX, then Asia.");
        let got: Vec<(&str, Option<&str>, LocationPrecision)> = found
            .iter()
            .map(|(t, l)| (t.as_str(), l.country.as_deref(), l.precision))
            .collect();
        assert_eq!(
            got,
            [
                ("Canadian", Some("CA"), LocationPrecision::Country),
                ("B.C", Some("CA"), LocationPrecision::Admin1),
                ("Glasgow", Some("US"), LocationPrecision::Town),
                ("Ky", Some("US"), LocationPrecision::Admin1),
                ("Paris", Some("US"), LocationPrecision::Town),
                ("TX", Some("US"), LocationPrecision::Admin1),
                ("Asia", None, LocationPrecision::Region),
            ]
        );
        assert_eq!(found[6].1.lat, None, "a continent is no point");
        // Misspelled abbreviations and postal codes out of place are not places.
        assert!(run("The KY team and Ky fans met TX officials.").is_empty());
    }

    #[test]
    fn every_listed_form_names_an_entry() {
        let listed = include_str!("../data/english_forms.tsv")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .count();
        let forms = english_forms();
        let spelled: usize = forms
            .values()
            .map(|f| {
                f.spellings.len()
                    + f.postal.len()
                    + usize::from(f.spellings.is_empty() && f.postal.is_empty())
            })
            .sum();
        // Adjectives sharing a folded key ("Afghan" has no other) count once.
        assert!(
            spelled >= listed - 2,
            "{spelled} of {listed} forms resolved"
        );
    }

    #[test]
    fn nearby_places_settle_each_other() {
        let found = run(
            "Pupils from a school in Edmonton planted trees with friends from Enfield and Tottenham.",
        );
        assert!(
            found.iter().all(|f| f.1.country.as_deref() == Some("GB")),
            "{found:?}"
        );
    }

    #[test]
    fn common_words_and_name_parts_are_not_places() {
        let found = run("Police said Jordan Spieth met May at the White House.");
        assert!(found.is_empty(), "{found:?}");
        let found = run("Militants attacked Hodeidah and al-Tanf.");
        let names: Vec<&str> = found.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(names, ["Hodeidah", "al-Tanf"]);
    }

    #[test]
    fn contractions_months_and_common_words_are_not_places() {
        assert!(run("I've seen it, and I'd say so.").is_empty());
        assert!(run("The vote is set for Nov. 8.").is_empty());
        let found = run("The Department of Justice sued the Liberal government.");
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn county_names_are_divisions() {
        let found = run("Storms hit Warren County, Kentucky, on Monday.");
        let (words, county) = &found[0];
        assert_eq!(words, "Warren County");
        assert_eq!(county.precision, LocationPrecision::Admin2);
        assert_eq!(county.admin1.as_deref(), Some("Kentucky"));
    }

    #[test]
    fn a_place_after_a_town_is_the_one_that_holds_it() {
        let found = run("Flights left Atlanta, Georgia, on Monday.");
        assert_eq!(found[1].0, "Georgia");
        assert_eq!(found[1].1.country.as_deref(), Some("US"), "{found:?}");
    }

    #[test]
    fn city_states_are_points() {
        for name in ["Hong Kong", "Singapore"] {
            let found = run(&format!("Flights to {name} resumed."));
            let place = &found[0].1;
            assert!(place.lat.is_some() && place.lon.is_some(), "{place:?}");
            assert_eq!(place.precision, LocationPrecision::Town);
        }
        let found = run("Flights to France resumed.");
        assert_eq!(found[0].1.lat, None, "a country is no point");
    }

    #[test]
    fn an_own_name_beats_a_former_one_unless_the_context_says() {
        let found = run("Rain fell on Salisbury overnight.");
        assert_eq!(found[0].1.country.as_deref(), Some("GB"), "{found:?}");
        let found = run("In Zimbabwe, rain fell on Salisbury overnight.");
        assert_eq!(found[1].1.country.as_deref(), Some("ZW"), "{found:?}");
    }

    #[test]
    fn el_alto_is_the_bolivian_city() {
        let found = run("Protesters blocked roads in El Alto, above La Paz, as Bolivia voted.");
        let el_alto = &found[0].1;
        assert_eq!(found[0].0, "El Alto");
        assert_eq!(el_alto.country.as_deref(), Some("BO"), "{found:?}");
        assert!(el_alto.lat.is_some());
    }

    #[test]
    fn a_county_named_with_its_type_word_needs_no_other_cue() {
        let found = run("A Warren County man was charged on Friday.");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].1.precision, LocationPrecision::Admin2);
    }

    #[test]
    fn well_known_places_inside_longer_names() {
        let found = run("Ohio State Police and CTV Winnipeg reported it.");
        let names: Vec<&str> = found.iter().map(|f| f.0.as_str()).collect();
        assert!(names.contains(&"Winnipeg"), "{found:?}");
        assert!(names.iter().any(|n| n.starts_with("Ohio")), "{found:?}");
        // Another name of a place, or an English word, does not count.
        assert!(run("The Food and Drug Administration and the Olympic Committee met.").is_empty());
    }
}
