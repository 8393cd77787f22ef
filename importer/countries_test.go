package importer

import (
	"fmt"
	"testing"
)

// Every country comes from GeoNames' table (package geodata), with its codes.
func TestCountriesFromISO(t *testing.T) {
	for _, tc := range []struct {
		iso3 string
		num  int
		name string
	}{
		{"TUR", 792, "Turkey"}, // GeoNames' name; the server resolves it to the seed's Türkiye by code
		{"CHL", 152, "Chile"},
		{"NPL", 524, "Nepal"},
		{"MMR", 104, "Myanmar"},
	} {
		c := countryByISO3(tc.iso3)
		if c == nil || c.name != tc.name || c.num != tc.num {
			t.Errorf("countryByISO3(%s) = %+v, want %s (%d)", tc.iso3, c, tc.name, tc.num)
		}
		if n := countryByNum(tc.num); n == nil || n.iso3 != tc.iso3 {
			t.Errorf("countryByNum(%d) = %+v, want %s", tc.num, n, tc.iso3)
		}
	}
	for _, code := range []string{"XYZ", "EUR", "IGO", "", "RU"} {
		if c := countryByISO3(code); c != nil && code != "" {
			t.Errorf("countryByISO3(%q) = %+v, want none", code, c)
		}
	}
	// a city GDELT codes with a country outside the table is the state,
	// named as ISO names it, never a state called after the city
	a, _ := gdeltActor("CHL", "SANTIAGO", "CHL", "", "")
	if a.Kind != "STATE" || a.Name != "Chile" || deref(a.CountryCode) != "CHL" {
		t.Errorf("CHL SANTIAGO = %+v", a)
	}
}

// CAMEO's country and region codes that are not ISO 3166-1 alpha-3 as
// GeoNames has them, as GDELT codes its actors with them (Actor1Code,
// Actor1Name, Actor1CountryCode): each the country it names today, or a
// region, never a state of its own nor a new organisation per spelling.
func TestCAMEOCodesBeyondISO(t *testing.T) {
	for _, tc := range []struct {
		code, name, country string
		id, actorName, kind string
		countryCode         string
		codes               []string
		state               string // the state a branch is affiliated with
		guessed             bool   // the kind is a guess (kindKnown false)
	}{
		{"ROM", "ROMANIA", "ROM", "romania", "Romania", "STATE", "ROU", []string{"ROU", "ROM"}, "", false},
		{"ROMGOV", "ROMANIA", "ROM", "romania-government", "Government of Romania", "ORGANIZATION", "ROU", []string{"ROUGOV", "ROMGOV"}, "romania", false},
		{"ROMCVL", "ROMANIA", "ROM", "civilians-romania", "Civilians (Romania)", "GROUP", "ROU", []string{"ROMCVL"}, "", true},
		{"TMP", "EAST TIMOR", "TMP", "timor-leste", "Timor Leste", "STATE", "TLS", []string{"TLS", "TMP"}, "", false},
		{"ZARMIL", "", "ZAR", "democratic-republic-of-the-congo-military", "Military of Democratic Republic of the Congo", "ORGANIZATION", "COD", []string{"CODMIL", "ZARMIL"}, "democratic-republic-of-the-congo", false},
		{"KSV", "KOSOVO", "KSV", "kosovo", "Kosovo", "STATE", "XKX", []string{"XKX", "KSV"}, "", false},
		{"WSB", "WEST BANK", "WSB", "palestinian-territory", "Palestinian Territory", "STATE", "PSE", []string{"PSE", "WSB"}, "", false},
		{"GZSGOV", "", "GZS", "palestinian-territory-government", "Government of Palestinian Territory", "ORGANIZATION", "PSE", []string{"PSEGOV", "GZSGOV"}, "palestinian-territory", false},
		{"EUR", "EUROPE", "EUR", "europe", "Europe", "GROUP", "", []string{"EUR"}, "", false},
		{"WST", "THE WEST", "WST", "the-west", "The West", "GROUP", "", []string{"WST"}, "", false},
		{"AFRMIL", "AFRICA", "AFR", "military-africa", "Military (Africa)", "ORGANIZATION", "", []string{"AFRMIL"}, "", false},
		{"MEAREB", "MIDDLE EAST", "", "rebels-middle-east", "Rebels (Middle East)", "GROUP", "", []string{"MEAREB"}, "", false},
	} {
		a, state := gdeltActor(tc.code, tc.name, tc.country, "", "")
		if a == nil {
			t.Errorf("%s %q: no actor", tc.code, tc.name)
			continue
		}
		got := fmt.Sprint(deref(a.ID), "|", a.Name, "|", a.Kind, "|", deref(a.CountryCode), "|", a.Codes, "|", a.KindKnown == nil || *a.KindKnown)
		want := fmt.Sprint(tc.id, "|", tc.actorName, "|", tc.kind, "|", tc.countryCode, "|", tc.codes, "|", !tc.guessed)
		if got != want {
			t.Errorf("%s %q:\n got %s\nwant %s", tc.code, tc.name, got, want)
		}
		var s string
		if state != nil {
			s = deref(state.ID)
		}
		if s != tc.state {
			t.Errorf("%s: state %q, want %q", tc.code, s, tc.state)
		}
	}
	for code, iso := range cameoCountries {
		if countryByISO3(code) != nil {
			t.Errorf("%s is in GeoNames' table: it needs no mapping", code)
		}
		if countryByCAMEO(code) == nil || countryByCAMEO(code).iso3 != iso {
			t.Errorf("countryByCAMEO(%s) = %+v, want %s", code, countryByCAMEO(code), iso)
		}
	}
	for code := range cameoRegions {
		if countryByCAMEO(code) != nil {
			t.Errorf("the region %s is a country: %+v", code, countryByCAMEO(code))
		}
	}
}
