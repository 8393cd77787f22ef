package dataset

// The GraphQL input types of schema.graphqls that ingest takes, with JSON
// names exactly as in the schema. Kept here rather than reusing graph/model so
// that the generator depends only on the public API contract.

type CitationInput struct {
	SourceID string `json:"sourceId"`
	Quote    string `json:"quote,omitempty"`
}

type SourceInput struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Author      string `json:"author,omitempty"`
	Publisher   string `json:"publisher,omitempty"`
	URL         string `json:"url,omitempty"`
	PublishedAt string `json:"publishedAt,omitempty"`
	Kind        string `json:"kind"`
}

type ActorInput struct {
	ID          string          `json:"id"`
	Name        string          `json:"name"`
	Kind        string          `json:"kind"`
	Aliases     []string        `json:"aliases,omitempty"`
	Description string          `json:"description,omitempty"`
	CountryCode string          `json:"countryCode,omitempty"`
	Codes       []string        `json:"codes,omitempty"`
	Citations   []CitationInput `json:"citations,omitempty"`
}

type LocationInput struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Kind        string   `json:"kind"`
	CountryCode string   `json:"countryCode,omitempty"`
	Latitude    *float64 `json:"latitude,omitempty"`
	Longitude   *float64 `json:"longitude,omitempty"`
	ParentID    string   `json:"parentId,omitempty"`
}

type TopicInput struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
}

type ParticipantInput struct {
	ActorID   string   `json:"actorId"`
	Kind      string   `json:"kind"`
	Role      string   `json:"role,omitempty"`
	SourceIDs []string `json:"sourceIds,omitempty"`
	Quote     string   `json:"quote,omitempty"`
}

type FigureInput struct {
	Label string  `json:"label"`
	Value float64 `json:"value"`
	Unit  string  `json:"unit,omitempty"`
}

type ExternalIDInput struct {
	System string `json:"system"`
	ID     string `json:"id"`
}

type EventInput struct {
	ID            string             `json:"id"`
	Title         string             `json:"title"`
	Kind          string             `json:"kind"`
	Mode          string             `json:"mode,omitempty"`
	Contexts      []string           `json:"contexts,omitempty"`
	StartDate     string             `json:"startDate,omitempty"`
	EndDate       string             `json:"endDate,omitempty"`
	DatePrecision string             `json:"datePrecision,omitempty"`
	Summary       string             `json:"summary,omitempty"`
	Outcome       string             `json:"outcome,omitempty"`
	Figures       []FigureInput      `json:"figures,omitempty"`
	ExternalIDs   []ExternalIDInput  `json:"externalIds,omitempty"`
	Participants  []ParticipantInput `json:"participants,omitempty"`
	LocationID    string             `json:"locationId,omitempty"`
	ParentID      string             `json:"parentId,omitempty"`
	LedToIDs      []string           `json:"ledToIds,omitempty"`
	TopicIDs      []string           `json:"topicIds,omitempty"`
	Citations     []CitationInput    `json:"citations,omitempty"`
}

type PositionInput struct {
	ID        string          `json:"id"`
	ActorID   string          `json:"actorId"`
	TopicID   string          `json:"topicId"`
	Stance    string          `json:"stance"`
	Statement string          `json:"statement"`
	ValidFrom string          `json:"validFrom,omitempty"`
	ValidTo   string          `json:"validTo,omitempty"`
	Citations []CitationInput `json:"citations,omitempty"`
}

type ForecastInput struct {
	ID         string          `json:"id"`
	Statement  string          `json:"statement"`
	Horizon    string          `json:"horizon"`
	Likelihood string          `json:"likelihood"`
	Status     string          `json:"status,omitempty"`
	ResolvedAt string          `json:"resolvedAt,omitempty"`
	AboutIDs   []string        `json:"aboutIds"`
	SourceID   string          `json:"sourceId"`
	Citations  []CitationInput `json:"citations,omitempty"`
}

type AffiliationInput struct {
	ActorID   string   `json:"actorId"`
	WithID    string   `json:"withId"`
	Role      string   `json:"role,omitempty"`
	ValidFrom string   `json:"validFrom,omitempty"`
	ValidTo   string   `json:"validTo,omitempty"`
	SourceIDs []string `json:"sourceIds,omitempty"`
	Quote     string   `json:"quote,omitempty"`
}

// IngestInput is one batch for the ingest mutation.
type IngestInput struct {
	Sources      []SourceInput      `json:"sources,omitempty"`
	Actors       []ActorInput       `json:"actors,omitempty"`
	Locations    []LocationInput    `json:"locations,omitempty"`
	Topics       []TopicInput       `json:"topics,omitempty"`
	Events       []EventInput       `json:"events,omitempty"`
	Positions    []PositionInput    `json:"positions,omitempty"`
	Forecasts    []ForecastInput    `json:"forecasts,omitempty"`
	Affiliations []AffiliationInput `json:"affiliations,omitempty"`
}

// Size is the number of items in the batch.
func (b *IngestInput) Size() int {
	return len(b.Sources) + len(b.Actors) + len(b.Locations) + len(b.Topics) + len(b.Events) +
		len(b.Positions) + len(b.Forecasts) + len(b.Affiliations)
}
