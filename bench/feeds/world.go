package main

// The fixed part of the generated world: the countries, the actors and
// places that every real export repeats (capitals, states, governments,
// the role-only nouns GDELT codes without a country), the CAMEO event codes
// with their Goldstein scores, and the news hosts. Everything else is made
// up from the seed, so that a new seed gives mostly new actors, places and
// articles, as a new 15-minute export does.

// country is one country as the feeds code it: CAMEO/ISO alpha-3 (actor
// codes, ACLED's event ids), FIPS 10-4 (GDELT's geography), ISO numeric
// (ACLED's iso), GDELT's upper-case name, ACLED's region, a centre and a
// spread in degrees for coordinates, its capital and some first-level
// divisions (GDELT's spelling).
type country struct {
	cameo, fips string
	iso         int
	name        string
	region      string
	lat, long   float64
	spread      float64
	capital     string
	adm1        []string
}

var countries = []country{
	{"USA", "US", 840, "UNITED STATES", "North America", 39.8, -98.6, 12, "Washington, District of Columbia", []string{"California", "Texas", "New York", "Florida", "Illinois", "Ohio"}},
	{"RUS", "RS", 643, "RUSSIA", "Europe", 55.7, 45.0, 9, "Moscow, Moskva", []string{"Moskovskaya Oblast'", "Belgorodskaya Oblast'", "Kurskaya Oblast'", "Leningradskaya Oblast'", "Rostovskaya Oblast'"}},
	{"UKR", "UP", 804, "UKRAINE", "Europe", 48.9, 31.2, 4, "Kyiv, Kyyiv, Misto", []string{"Donets'ka Oblast'", "Kharkivs'ka Oblast'", "Odes'ka Oblast'", "Zaporiz'ka Oblast'", "L'vivs'ka Oblast'", "Khersons'ka Oblast'"}},
	{"GBR", "UK", 826, "UNITED KINGDOM", "Europe", 53.0, -1.5, 3, "London, London, City of", []string{"England", "Scotland", "Wales", "Northern Ireland"}},
	{"CHN", "CH", 156, "CHINA", "East Asia", 34.0, 108.0, 10, "Beijing, Beijing", []string{"Guangdong", "Shanghai", "Sichuan", "Zhejiang"}},
	{"ISR", "IS", 376, "ISRAEL", "Middle East", 31.4, 34.9, 1, "Jerusalem, Israel (general)", []string{"HaMerkaz", "HaZafon", "HaDarom", "Tel Aviv"}},
	{"IRN", "IR", 364, "IRAN", "Middle East", 32.4, 53.7, 6, "Tehran, Tehran", []string{"Esfahan", "Khorasan-e Razavi", "Fars", "Khuzestan"}},
	{"TUR", "TU", 792, "TURKEY", "Middle East", 39.0, 35.2, 4, "Ankara, Ankara", []string{"Istanbul", "Izmir", "Antalya", "Hatay"}},
	{"DEU", "GM", 276, "GERMANY", "Europe", 51.1, 10.4, 3, "Berlin, Berlin", []string{"Bayern", "Nordrhein-Westfalen", "Hessen", "Sachsen"}},
	{"FRA", "FR", 250, "FRANCE", "Europe", 46.6, 2.4, 3, "Paris, Ile-de-France", []string{"Provence-Alpes-Cote d'Azur", "Auvergne-Rhone-Alpes", "Bretagne", "Occitanie"}},
	{"IND", "IN", 356, "INDIA", "South Asia", 21.0, 78.9, 8, "New Delhi, Delhi", []string{"Maharashtra", "Uttar Pradesh", "Tamil Nadu", "Karnataka"}},
	{"PAK", "PK", 586, "PAKISTAN", "South Asia", 30.4, 69.3, 5, "Islamabad, Islamabad", []string{"Punjab", "Sindh", "Khyber Pakhtunkhwa", "Balochistan"}},
	{"SYR", "SY", 760, "SYRIA", "Middle East", 35.0, 38.5, 2, "Damascus, Dimashq", []string{"Halab", "Idlib", "Dayr az Zawr", "Hims"}},
	{"POL", "PL", 616, "POLAND", "Europe", 52.0, 19.1, 3, "Warsaw, Mazowieckie", []string{"Malopolskie", "Slaskie", "Pomorskie", "Lubelskie"}},
	{"BLR", "BO", 112, "BELARUS", "Europe", 53.7, 27.9, 2, "Minsk, Minsk", []string{"Homyel'skaya Voblasts'", "Brestskaya Voblasts'", "Vitsyebskaya Voblasts'"}},
	{"NGA", "NI", 566, "NIGERIA", "Western Africa", 9.1, 8.7, 4, "Abuja, Federal Capital Territory", []string{"Lagos", "Kano", "Borno", "Rivers"}},
	{"SDN", "SU", 729, "SUDAN", "Northern Africa", 15.6, 30.2, 5, "Khartoum, Al Khartum", []string{"North Darfur", "South Kordofan", "Al Jazirah", "Kassala"}},
	{"MEX", "MX", 484, "MEXICO", "Central America", 23.6, -102.5, 6, "Mexico City, The Federal District", []string{"Jalisco", "Sinaloa", "Guerrero", "Chihuahua"}},
	{"BRA", "BR", 76, "BRAZIL", "South America", -14.2, -51.9, 10, "Brasilia, Distrito Federal", []string{"Sao Paulo", "Rio de Janeiro", "Bahia", "Para"}},
	{"JPN", "JA", 392, "JAPAN", "East Asia", 36.2, 138.3, 3, "Tokyo, Tokyo", []string{"Osaka", "Hokkaido", "Okinawa", "Fukuoka"}},
	{"KOR", "KS", 410, "SOUTH KOREA", "East Asia", 36.5, 127.9, 1, "Seoul, Seoul-t'ukpyolsi", []string{"Busan", "Gyeonggi-do", "Incheon"}},
	{"MMR", "BM", 104, "MYANMAR", "Southeast Asia", 21.9, 95.9, 4, "Naypyidaw, Mandalay", []string{"Sagaing", "Rakhine", "Shan", "Kachin"}},
	{"ETH", "ET", 231, "ETHIOPIA", "Eastern Africa", 9.1, 40.5, 4, "Addis Ababa, Adis Abeba", []string{"Amara", "Oromiya", "Tigray", "Sumale"}},
	{"GEO", "GG", 268, "GEORGIA", "Caucasus and Central Asia", 42.3, 43.4, 1, "Tbilisi, Tbilisi", []string{"Imereti", "Kakheti", "Ajaria"}},
}

// roles are CAMEO's three-letter role codes, weighted by how often GDELT
// pairs them with a country (USAGOV, RUSMIL, UKRCOP ...).
var roles = []struct {
	code   string
	weight int
}{
	{"GOV", 40}, {"MIL", 14}, {"COP", 8}, {"JUD", 5}, {"LEG", 5}, {"OPP", 5}, {"BUS", 5}, {"MED", 5},
	{"CVL", 4}, {"EDU", 2}, {"HLH", 2}, {"SPY", 2}, {"REB", 1}, {"INS", 1}, {"REF", 1},
}

// bareRoles are the actors GDELT codes by role alone, with the noun it
// found (POLICE, COP): very common, no country.
var bareRoles = []struct{ code, name string }{
	{"COP", "POLICE"}, {"GOV", "GOVERNMENT"}, {"GOV", "PRESIDENT"}, {"CVL", "CITIZEN"}, {"BUS", "COMPANY"},
	{"MED", "JOURNALIST"}, {"MIL", "SOLDIER"}, {"JUD", "COURT"}, {"EDU", "STUDENT"}, {"LEG", "PARLIAMENT"},
	{"CRM", "GANG"}, {"CVL", "COMMUNITY"}, {"GOV", "MINISTRY"}, {"OPP", "PROTESTER"}, {"HLH", "HOSPITAL"},
}

// leaders are people GDELT names often, with the role code it gives them.
var leaders = []struct{ code, name string }{
	{"RUSGOV", "VLADIMIR PUTIN"}, {"UKRGOV", "VOLODYMYR ZELENSKY"}, {"USAGOV", "DONALD TRUMP"}, {"USAGOV", "JOE BIDEN"},
	{"TURGOV", "RECEP TAYYIP ERDOGAN"}, {"ISRGOV", "BENJAMIN NETANYAHU"}, {"GBRGOV", "KEIR STARMER"}, {"FRAGOV", "EMMANUEL MACRON"},
	{"DEUGOV", "OLAF SCHOLZ"}, {"CHNGOV", "XI JINPING"}, {"RUSGOV", "SERGEI LAVROV"}, {"USAGOV", "MARCO RUBIO"},
	{"IRNGOV", "ALI KHAMENEI"}, {"INDGOV", "NARENDRA MODI"}, {"BLRGOV", "ALEXANDER LUKASHENKO"}, {"UKRMIL", "OLEKSANDR SYRSKYI"},
}

// cameoEvent is a CAMEO event code with its Goldstein score (CAMEO codebook).
type cameoEvent struct {
	code      string
	goldstein float64
	weight    int
}

// cameoEvents are the codes a 15-minute export is made of, weighted
// roughly as GDELT sees them: statements, consultations and meetings
// most, fighting and coercion after.
var cameoEvents = []cameoEvent{
	{"010", 0.0, 60}, {"012", -0.4, 8}, {"013", 0.4, 8}, {"014", 0.0, 4}, {"015", 0.0, 3}, {"016", -2.0, 4},
	{"017", 0.0, 3}, {"018", 3.4, 4}, {"019", 3.4, 3}, {"020", 3.0, 15}, {"022", 3.2, 3}, {"023", 3.4, 3},
	{"030", 4.0, 6}, {"036", 4.0, 12}, {"040", 1.0, 40}, {"042", 1.9, 25}, {"043", 2.8, 25}, {"046", 7.0, 8},
	{"050", 3.5, 8}, {"051", 3.4, 15}, {"057", 8.0, 5}, {"061", 6.4, 4}, {"070", 7.0, 4}, {"071", 7.4, 3},
	{"073", 7.4, 3}, {"080", 5.0, 2}, {"090", -2.0, 6}, {"100", -5.0, 3}, {"111", -2.0, 10}, {"112", -2.0, 12},
	{"120", -4.0, 6}, {"128", -5.0, 3}, {"130", -4.4, 4}, {"138", -7.0, 3}, {"141", -6.5, 5}, {"145", -7.5, 2},
	{"160", -4.0, 3}, {"163", -8.0, 3}, {"172", -5.0, 3}, {"173", -5.0, 8}, {"175", -9.0, 2}, {"180", -9.0, 6},
	{"1823", -10.0, 1}, {"183", -10.0, 2}, {"190", -10.0, 10}, {"193", -10.0, 4}, {"194", -10.0, 3}, {"195", -10.0, 4},
	{"200", -10.0, 1},
}

// quadClass is CAMEO's four-way class of an event root code.
func quadClass(root int) int {
	switch {
	case root <= 5:
		return 1 // verbal cooperation
	case root <= 8:
		return 2 // material cooperation
	case root <= 13:
		return 3 // verbal conflict
	}
	return 4 // material conflict
}

// hosts are the news sites GDELT finds, most-read first; sections are the
// first path segments their article URLs have.
var hosts = []string{
	"www.reuters.com", "apnews.com", "www.bbc.co.uk", "www.aljazeera.com", "www.theguardian.com", "kyivindependent.com",
	"www.nytimes.com", "www.washingtonpost.com", "www.cnn.com", "www.dailymail.co.uk", "www.timesofindia.indiatimes.com",
	"www.ukrinform.net", "www.pravda.com.ua", "tass.com", "www.yahoo.com", "www.foxnews.com", "www.france24.com",
	"www.dw.com", "www.jpost.com", "www.hurriyetdailynews.com", "www.dawn.com", "punchng.com", "www.smh.com.au",
	"www.cbc.ca", "www.independent.co.uk", "www.euronews.com", "www.rferl.org", "meduza.io", "www.lemonde.fr",
	"www.straitstimes.com", "www.thehindu.com", "www.newsweek.com", "www.politico.eu", "www.bloomberg.com",
	"www.kyivpost.com", "www.voanews.com", "www.wsj.com", "www.abc.net.au", "www.sudantribune.com", "www.irrawaddy.com",
}

var sections = []string{"news", "world", "politics", "world-news", "europe", "article", "en/news", "story", "national", "us-news"}

// headlineWords make up the slugs of article URLs.
var headlineWords = []string{
	"president", "minister", "talks", "attack", "drone", "strike", "border", "police", "protest", "election",
	"court", "army", "troops", "ceasefire", "sanctions", "deal", "meeting", "summit", "aid", "energy",
	"missile", "city", "killed", "wounded", "says", "warns", "calls", "rejects", "backs", "plans",
	"new", "after", "over", "amid", "against", "with", "for", "talk", "peace", "war",
	"oil", "gas", "prices", "trade", "tariffs", "visit", "leader", "opposition", "arrested", "charges",
	"report", "officials", "government", "parliament", "vote", "budget", "crisis", "refugees", "camp", "shelling",
	"port", "grain", "exports", "nuclear", "plant", "power", "outage", "hospital", "school", "students",
	"flood", "storm", "fire", "rescue", "probe", "spy", "hackers", "cyber", "network", "bank",
	"rates", "markets", "shares", "company", "workers", "strike", "union", "deadline", "weapons", "tanks",
}

// syllables make up the names of one-off people, groups and places.
var syllables = []string{
	"ka", "ro", "vi", "len", "mar", "to", "sha", "dor", "el", "an", "iv", "ko", "mir", "sta", "lo", "ne",
	"ri", "ba", "zu", "gor", "pe", "ta", "sen", "ol", "ya", "de", "mi", "nu", "ra", "che", "bo", "lin",
	"vak", "hor", "shi", "dan", "tel", "ur", "sa", "mo", "kri", "vol", "za", "ger", "ni", "pol", "ash", "kov",
}

// orgWords end the names of made-up organisations, with the role code
// GDELT would give them.
var orgWords = []struct{ word, role string }{
	{"GROUP", "BUS"}, {"BANK", "BUS"}, {"UNIVERSITY", "EDU"}, {"FOUNDATION", "NGO"}, {"PARTY", "PTY"},
	{"TIMES", "MED"}, {"CLINIC", "HLH"}, {"UNION", "LAB"}, {"MOVEMENT", "OPP"}, {"BRIGADE", "MIL"},
	{"REBELS", "REB"}, {"COUNCIL", "GOV"}, {"ASSOCIATION", "NGO"}, {"COMPANY", "BUS"},
}

// ACLED's vocabulary: event types and sub-event types (2023 codebook),
// weighted as a conflict-country export has them.
var acledTypes = []struct {
	disorder, event, sub string
	weight               int
}{
	{"Political violence", "Explosions/Remote violence", "Shelling/artillery/missile attack", 30},
	{"Political violence", "Explosions/Remote violence", "Air/drone strike", 20},
	{"Political violence", "Explosions/Remote violence", "Remote explosive/landmine/IED", 3},
	{"Political violence", "Battles", "Armed clash", 20},
	{"Political violence", "Battles", "Government regains territory", 2},
	{"Political violence", "Battles", "Non-state actor overtakes territory", 1},
	{"Political violence", "Violence against civilians", "Attack", 6},
	{"Political violence", "Violence against civilians", "Abduction/forced disappearance", 2},
	{"Demonstrations", "Protests", "Peaceful protest", 10},
	{"Demonstrations", "Protests", "Protest with intervention", 2},
	{"Demonstrations", "Riots", "Violent demonstration", 2},
	{"Strategic developments", "Strategic developments", "Arrests", 2},
	{"Strategic developments", "Strategic developments", "Looting/property destruction", 1},
	{"Strategic developments", "Strategic developments", "Disrupted weapons use", 1},
}

// acledSources are the outlets ACLED cites, most cited first.
var acledSources = []string{
	"Ministry of Defence of Ukraine", "Ukrinform", "Suspilne Media", "General Staff of the Armed Forces of Ukraine",
	"Ministry of Defence of Russia", "Ukrainska Pravda", "Telegram", "Kyiv Independent", "Meduza", "Interfax",
	"RBC-Ukraine", "Kommersant", "Liga.net", "Facebook", "Novaya Gazeta Europe", "Hromadske",
}
