//! Handler tests: the router driven in-process with `tower::ServiceExt::oneshot`, no network.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use serde_json::Value;
use sightline_core::{DocId, DocKind, Document, RemovalReason, Removed, Source};
use sightline_store::Store;
use tower::ServiceExt;

use crate::{router, AppState, ServerConfig};

const HOSTILE_TITLE: &str = "Blast <script>alert(1)</script> & <img src=x onerror=alert(1)>";

fn document(text: &str, title: &str, day: u32) -> Document {
    Document {
        id: DocId::from_content(text),
        source: Source { path: Some(format!("pages/{day}.txt")), ..Source::default() },
        kind: DocKind::Article,
        title: Some(title.to_string()),
        published: chrono::NaiveDate::from_ymd_opt(2024, 3, day),
        author: None,
        dateline: Some("KABUL".into()),
        credit: None,
        language: Some("en".into()),
        text: text.to_string(),
        removed: vec![Removed { text: "Leave a <b>Reply</b>".into(), reason: RemovalReason::Comments }],
        parent: None,
    }
}

fn corpus() -> Vec<Document> {
    vec![
        document(
            "KABUL – Joe Biden said on Monday that the attack in Kabul was cowardly. Biden spoke in Washington.",
            "Biden condemns Kabul attack",
            4,
        ),
        document(
            "The Taliban said a blast hit a market in Kabul. <script>alert(1)</script> and \
             <img src=x onerror=alert(1)> were written in the page. Joe Biden was briefed.",
            HOSTILE_TITLE,
            12,
        ),
        document("Officials in Moscow said the concert hall blast killed many people.", "Moscow blast", 22),
    ]
}

fn state_with(documents: &[Document], token: Option<&str>) -> AppState {
    let Ok(mut store) = Store::open_in_memory() else { panic!("an in-memory store opens") };
    if let Err(error) = store.write_documents(documents) {
        panic!("documents are written: {error}");
    }
    match AppState::new(store, ServerConfig { token: token.map(str::to_string) }) {
        Ok(state) => state,
        Err(error) => panic!("the state is built: {error}"),
    }
}

async fn send(state: &AppState, request: Request<Body>) -> (StatusCode, String, String) {
    let response = match router(state.clone()).oneshot(request).await {
        Ok(response) => response,
        Err(never) => match never {},
    };
    let status = response.status();
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let bytes = match axum::body::to_bytes(response.into_body(), usize::MAX).await {
        Ok(bytes) => bytes,
        Err(error) => panic!("the body reads: {error}"),
    };
    (status, content_type, String::from_utf8_lossy(&bytes).into_owned())
}

async fn get(state: &AppState, uri: &str) -> (StatusCode, String, String) {
    let request = Request::builder().uri(uri).body(Body::empty());
    let Ok(request) = request else { panic!("a request to {uri}") };
    send(state, request).await
}

/// GETs `uri` and parses its JSON, checking the status.
async fn get_json(state: &AppState, uri: &str, expected: StatusCode) -> Value {
    let (status, content_type, body) = get(state, uri).await;
    assert_eq!(status, expected, "{uri}: {body}");
    assert!(content_type.starts_with("application/json"), "{uri}: {content_type}");
    match serde_json::from_str(&body) {
        Ok(value) => value,
        Err(error) => panic!("{uri} is not JSON ({error}): {body}"),
    }
}

fn entity_id(state: &AppState, name: &str) -> String {
    let snapshot = state.snapshot();
    match snapshot.entities.iter().find(|entity| entity.name == name) {
        Some(entity) => entity.id.clone(),
        None => panic!(
            "no entity {name:?} among {:?}",
            snapshot.entities.iter().map(|e| &e.name).collect::<Vec<_>>()
        ),
    }
}

#[tokio::test]
async fn documents_list_paginates_latest_first() {
    let state = state_with(&corpus(), None);
    let page = get_json(&state, "/api/documents?limit=2", StatusCode::OK).await;
    assert_eq!(page["total"], 3);
    assert_eq!(page["limit"], 2);
    assert_eq!(page["offset"], 0);
    let items = page["items"].as_array().cloned().unwrap_or_default();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["title"], "Moscow blast");
    assert_eq!(items[0]["published"], "2024-03-22");
    assert_eq!(items[1]["published"], "2024-03-12");
    let rest = get_json(&state, "/api/documents?limit=2&offset=2", StatusCode::OK).await;
    assert_eq!(rest["items"].as_array().map(Vec::len), Some(1));
    let past = get_json(&state, "/api/documents?offset=99", StatusCode::OK).await;
    assert_eq!(past["items"].as_array().map(Vec::len), Some(0));
    assert_eq!(past["total"], 3);
}

#[tokio::test]
async fn bad_parameters_are_json_400s() {
    let state = state_with(&corpus(), None);
    for uri in [
        "/api/documents?limit=0",
        "/api/documents?limit=100000",
        "/api/documents?limit=ten",
        "/api/entities?type=planet",
        "/api/search",
        "/api/search?q=%20-%20",
        "/api/search?q=blast&from=March",
        "/api/search?q=blast&offset=-1",
    ] {
        let body = get_json(&state, uri, StatusCode::BAD_REQUEST).await;
        assert!(body["error"].as_str().is_some_and(|message| !message.is_empty()), "{uri}: {body}");
    }
}

#[tokio::test]
async fn unknown_ids_and_routes_are_json_404s() {
    let state = state_with(&corpus(), None);
    for uri in [
        "/api/documents/0123456789abcdef0123456789abcdef",
        "/api/documents/not-an-id",
        "/api/entities/0123456789abcdef0123456789abcdef",
        "/api/nothing",
    ] {
        let body = get_json(&state, uri, StatusCode::NOT_FOUND).await;
        assert!(body["error"].is_string(), "{uri}: {body}");
    }
    let request = Request::builder().method(Method::DELETE).uri("/api/documents").body(Body::empty());
    let Ok(request) = request else { panic!("a request") };
    let (status, content_type, body) = send(&state, request).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{body}");
    assert!(content_type.starts_with("application/json") && body.contains("\"error\""), "{body}");
    let (status, content_type, _) = get(&state, "/documents/not-an-id").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(content_type.starts_with("text/html"));
}

#[tokio::test]
async fn a_document_comes_with_its_mentions() {
    let documents = corpus();
    let state = state_with(&documents, None);
    let id = documents[0].id.to_string();
    let body = get_json(&state, &format!("/api/documents/{id}"), StatusCode::OK).await;
    assert_eq!(body["document"]["id"], id.as_str());
    assert_eq!(body["document"]["text"], documents[0].text.as_str());
    assert_eq!(body["document"]["removed"][0]["reason"], "comments");
    let mentions = body["mentions"].as_array().cloned().unwrap_or_default();
    let chars: Vec<char> = documents[0].text.chars().collect();
    let biden = entity_id(&state, "Joe Biden");
    let of_biden: Vec<&Value> =
        mentions.iter().filter(|mention| mention["entity"] == biden.as_str()).collect();
    assert_eq!(of_biden.len(), 2, "{mentions:?}");
    for mention in &mentions {
        let (Some(start), Some(end)) = (mention["start"].as_u64(), mention["end"].as_u64()) else {
            panic!("offsets in {mention}")
        };
        let text: String = chars[start as usize..end as usize].iter().collect();
        assert_eq!(mention["text"], text.as_str());
    }
}

#[tokio::test]
async fn entities_filter_by_type_and_name() {
    let state = state_with(&corpus(), None);
    let people = get_json(&state, "/api/entities?type=person", StatusCode::OK).await;
    let items = people["items"].as_array().cloned().unwrap_or_default();
    assert!(!items.is_empty());
    assert!(items.iter().all(|item| item["type"] == "person"), "{items:?}");
    assert_eq!(people["total"].as_u64(), Some(items.len() as u64));
    let found = get_json(&state, "/api/entities?q=BIDEN", StatusCode::OK).await;
    assert_eq!(found["items"][0]["name"], "Joe Biden");
    assert_eq!(found["items"][0]["documents"], 2);
    let none = get_json(&state, "/api/entities?q=nobody-at-all", StatusCode::OK).await;
    assert_eq!(none["total"], 0);
    let one = get_json(&state, "/api/entities?limit=1", StatusCode::OK).await;
    assert_eq!(one["items"].as_array().map(Vec::len), Some(1));

    let id = entity_id(&state, "Joe Biden");
    let entity = get_json(&state, &format!("/api/entities/{id}"), StatusCode::OK).await;
    assert_eq!(entity["entity"]["id"], id.as_str());
    assert_eq!(entity["entity"]["type"], "person");
    assert!(entity["entity"]["mentions"].as_array().is_some_and(|mentions| mentions.len() >= 3));
    assert!(entity["entity"]["mentions"][0]["how"].is_string());
    assert_eq!(entity["documents"].as_array().map(Vec::len), Some(2));
}

#[tokio::test]
async fn search_counts_pages_and_filters_dates() {
    let state = state_with(&corpus(), None);
    let all = get_json(&state, "/api/search?q=blast", StatusCode::OK).await;
    assert_eq!(all["total"], 2);
    assert!(all["items"][0]["snippet"].as_str().is_some_and(|snippet| snippet.contains("[blast]")));
    let page = get_json(&state, "/api/search?q=blast&limit=1&offset=1", StatusCode::OK).await;
    assert_eq!(page["total"], 2);
    assert_eq!(page["items"].as_array().map(Vec::len), Some(1));
    let dated = get_json(&state, "/api/search?q=blast&from=2024-03-20&to=2024-03-31", StatusCode::OK).await;
    assert_eq!(dated["total"], 1);
    assert_eq!(dated["items"][0]["title"], "Moscow blast");
    assert_eq!(dated["items"][0]["published"], "2024-03-22");
}

#[tokio::test]
async fn page_text_is_escaped_everywhere() {
    let documents = corpus();
    let state = state_with(&documents, None);
    let hostile = documents[1].id.to_string();
    let taliban = entity_id(&state, "Taliban");
    for uri in [
        "/".to_string(),
        format!("/documents/{hostile}"),
        format!("/entities/{taliban}"),
        "/search?q=onerror".to_string(),
        "/search?q=%3Cscript%3Ealert(1)%3C/script%3E".to_string(),
        "/search?q=blast&actor=%3Cscript%3Ealert(1)%3C/script%3E&country=AF".to_string(),
        "/incidents?actor=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E".to_string(),
    ] {
        let (status, content_type, html) = get(&state, &uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        assert!(content_type.starts_with("text/html"), "{uri}: {content_type}");
        assert!(!html.contains("<script>"), "{uri} lets a script through:\n{html}");
        assert!(!html.contains("<img"), "{uri} lets an image through:\n{html}");
        assert!(!html.contains("<b>"), "{uri} lets markup through:\n{html}");
    }
    let (_, _, page) = get(&state, &format!("/documents/{hostile}")).await;
    assert!(page.contains(&escaped("<script>alert(1)</script>")), "{page}");
    assert!(page.contains(&escaped("<img src=x onerror=alert(1)>")), "{page}");
    assert!(page.contains(&format!("<title>{}", escaped(HOSTILE_TITLE))), "{page}");
    assert!(page.contains(&escaped("Leave a <b>Reply</b>")), "the removed block is shown, escaped");
}

/// Text as askama's HTML escaper writes it.
fn escaped(text: &str) -> String {
    text.replace('&', "&#38;")
        .replace('<', "&#60;")
        .replace('>', "&#62;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
}

#[tokio::test]
async fn the_document_page_highlights_mentions_and_folds_boilerplate() {
    let documents = corpus();
    let state = state_with(&documents, None);
    let biden = entity_id(&state, "Joe Biden");
    let (status, _, html) = get(&state, &format!("/documents/{}", documents[0].id)).await;
    assert_eq!(status, StatusCode::OK);
    let link = format!(r#"<a class="m person" href="/entities/{biden}" data-entity="{biden}""#);
    assert_eq!(html.matches(&link).count(), 2, "{html}");
    assert!(html.contains(">Joe Biden</a> said on Monday"), "{html}");
    assert!(html.contains("<details id=\"removed\">"), "{html}");

    let (status, _, entity) = get(&state, &format!("/entities/{biden}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(entity.contains("short form of a name in the document"), "{entity}");
    assert!(entity.contains(&format!("/documents/{}", documents[1].id)), "{entity}");
}

#[tokio::test]
async fn openapi_names_every_route_and_every_path_answers() {
    let state = state_with(&corpus(), None);
    let spec = get_json(&state, "/api/openapi.json", StatusCode::OK).await;
    let Some(paths) = spec["paths"].as_object() else { panic!("no paths in {spec}") };
    let mut documented: Vec<&str> = paths.keys().map(String::as_str).collect();
    let mut routed: Vec<&str> = crate::api::ROUTES.to_vec();
    documented.sort_unstable();
    routed.sort_unstable();
    assert_eq!(documented, routed, "the OpenAPI paths and the router's API routes differ");
    let document = corpus()[0].id.to_string();
    let entity = entity_id(&state, "Joe Biden");
    let Some(incident) = state.snapshot().data.incidents.first().map(|incident| incident.id.clone()) else {
        panic!("the corpus gives an incident")
    };
    for (path, item) in paths {
        let id = match path {
            path if path.contains("entities") => &entity,
            path if path.contains("incidents") => &incident,
            _ => &document,
        };
        let uri = path.replace("{id}", id);
        let uri = if path == "/api/search" { format!("{uri}?q=blast") } else { uri };
        if item.get("get").is_some() {
            get_json(&state, &uri, StatusCode::OK).await;
        }
        if item.get("post").is_some() {
            let request = Request::builder().method(Method::POST).uri(&uri).body(Body::from("x"));
            let Ok(request) = request else { panic!("a request to {uri}") };
            let (status, _, body) = send(&state, request).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{uri} without a token: {body}");
        }
    }
}

#[tokio::test]
async fn ingest_needs_the_token_and_refreshes_the_view() {
    let state = state_with(&corpus(), Some("s3cret"));
    let post = |token: Option<&str>, body: &str| {
        let mut request = Request::builder().method(Method::POST).uri("/api/ingest?format=text");
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        match request.body(Body::from(body.to_string())) {
            Ok(request) => request,
            Err(error) => panic!("a request: {error}"),
        }
    };
    let page = "Blast in Herat\n\nA blast hit a mosque in Herat on Friday, officials in Herat said.\n";
    let (status, _, body) = send(&state, post(None, page)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    let (status, _, body) = send(&state, post(Some("wrong!"), page)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    let (status, _, body) = send(&state, post(Some("s3cret"), page)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let written: Value = serde_json::from_str(&body).unwrap_or_default();
    assert_eq!(written["inserted"], 1, "{body}");
    assert_eq!(written["documents"], 4, "{body}");
    let list = get_json(&state, "/api/documents", StatusCode::OK).await;
    assert_eq!(list["total"], 4);
    let found = get_json(&state, "/api/search?q=Herat", StatusCode::OK).await;
    assert_eq!(found["total"], 1);
}

#[tokio::test]
async fn pages_answer_with_server_timing() {
    let state = state_with(&corpus(), None);
    let request = Request::builder().uri("/").body(Body::empty());
    let Ok(request) = request else { panic!("a request") };
    let response = match router(state).oneshot(request).await {
        Ok(response) => response,
        Err(never) => match never {},
    };
    let timing =
        response.headers().get("server-timing").and_then(|value| value.to_str().ok()).unwrap_or_default();
    assert!(timing.starts_with("app;dur="), "{timing:?}");
}

/// Reports of two attacks: Moscow from two outlets, Kerman from one, with a quote.
fn attack_reports() -> Vec<Document> {
    vec![
        document(
            "MOSCOW – Gunmen killed at least 133 people at a concert in Moscow on Friday, officials said. \
             Islamic State claimed responsibility for the attack. \
             “This is a barbaric terrorist act,” said Vladimir Putin.",
            "Gunmen kill 133 at Moscow concert hall",
            23,
        ),
        document(
            "Gunmen killed 137 people at a concert in Moscow on Friday, Russian officials said on Sunday.",
            "Moscow attack toll rises to 137",
            24,
        ),
        document(
            "KERMAN, Iran – Two bombs exploded in Kerman on Wednesday, killing 84 people at a memorial \
             for Qassem Soleimani, Iranian state media said.",
            "Twin bombings kill 84 in Kerman",
            4,
        ),
    ]
}

/// The items of a JSON list, checking that it is one.
fn items(list: &Value) -> Vec<Value> {
    match list["items"].as_array() {
        Some(items) => items.clone(),
        None => panic!("not a list: {list}"),
    }
}

#[tokio::test]
async fn incidents_filter_by_country_type_date_and_actor() {
    let state = state_with(&attack_reports(), None);
    let all = get_json(&state, "/api/incidents", StatusCode::OK).await;
    let all = items(&all);
    let country = |incident: &Value| incident["location"]["country"].as_str().map(str::to_string);
    assert!(all.iter().any(|incident| country(incident).as_deref() == Some("RU")), "{all:?}");
    assert!(all.iter().any(|incident| country(incident).as_deref() == Some("IR")), "{all:?}");

    let russia = items(&get_json(&state, "/api/incidents?country=ru", StatusCode::OK).await);
    assert!(!russia.is_empty());
    assert!(russia.iter().all(|incident| country(incident).as_deref() == Some("RU")), "{russia:?}");
    // The Moscow reports are one incident, with both figures kept.
    let moscow = &russia[0];
    assert_eq!(moscow["docs"].as_array().map(Vec::len), Some(2), "{moscow}");
    assert_eq!(moscow["killed"]["max"], 137, "{moscow}");
    assert!(moscow["lat"].is_number() && moscow["place"].is_string(), "{moscow}");

    let march =
        items(&get_json(&state, "/api/incidents?from=2024-03-01&to=2024-03-31", StatusCode::OK).await);
    assert!(!march.is_empty() && march.iter().all(|incident| country(incident).as_deref() != Some("IR")));
    let bombings = items(&get_json(&state, "/api/incidents?type=bombing", StatusCode::OK).await);
    assert!(bombings.iter().all(|incident| incident["type"] == "bombing"), "{bombings:?}");

    // An actor by name: the group that claimed the Moscow attack.
    let claimed = items(&get_json(&state, "/api/incidents?actor=islamic%20state", StatusCode::OK).await);
    assert_eq!(claimed.len(), 1, "{claimed:?}");
    assert_eq!(claimed[0]["id"], moscow["id"]);
    // Or a place, by name or by id: Moscow's incident names it and Kerman's does not.
    let by_name = items(&get_json(&state, "/api/incidents?actor=moscow", StatusCode::OK).await);
    assert_eq!(by_name.len(), 1, "{by_name:?}");
    assert_eq!(by_name[0]["id"], moscow["id"]);
    let place = entity_id(&state, "Moscow");
    let by_id = items(&get_json(&state, &format!("/api/incidents?actor={place}"), StatusCode::OK).await);
    assert_eq!(by_id.len(), 1, "{by_id:?}");
    let kerman = attack_reports()[2].id.to_string();
    let reported = items(&get_json(&state, &format!("/api/incidents?doc={kerman}"), StatusCode::OK).await);
    assert!(!reported.is_empty(), "the Kerman report gives an incident");
    assert!(reported.iter().all(|incident| incident["docs"]
        .as_array()
        .is_some_and(|docs| docs.iter().any(|doc| doc == kerman.as_str()))));
    get_json(&state, "/api/incidents?doc=4a", StatusCode::NOT_FOUND).await;
    let nobody = get_json(&state, "/api/incidents?actor=Nobody%20Known", StatusCode::OK).await;
    assert_eq!(nobody["total"], 0);

    for uri in [
        "/api/incidents?type=bomb",
        "/api/incidents?country=Russia",
        "/api/incidents?from=2024-04-01&to=2024-03-01",
        "/api/incidents?from=yesterday",
        "/api/events?type=nonsense",
    ] {
        let error = get_json(&state, uri, StatusCode::BAD_REQUEST).await;
        assert!(error["error"].as_str().is_some_and(|message| !message.is_empty()), "{uri}: {error}");
    }
}

#[tokio::test]
async fn an_incident_lists_its_reports_and_each_report_its_evidence() {
    let documents = attack_reports();
    let state = state_with(&documents, None);
    let russia = items(&get_json(&state, "/api/incidents?country=RU", StatusCode::OK).await);
    let Some(id) = russia.first().and_then(|incident| incident["id"].as_str()).map(str::to_string) else {
        panic!("no Moscow incident")
    };
    let incident = get_json(&state, &format!("/api/incidents/{id}"), StatusCode::OK).await;
    let events = incident["events"].as_array().cloned().unwrap_or_default();
    assert!(events.len() >= 2, "{incident}");
    for event in &events {
        let evidence = &event["evidence"][0];
        assert!(evidence["end"].as_u64() > evidence["start"].as_u64(), "{event}");
    }
    assert_eq!(incident["documents"].as_array().map(Vec::len), Some(2));

    let first = documents[0].id.to_string();
    let own = items(&get_json(&state, &format!("/api/events?doc={first}"), StatusCode::OK).await);
    assert!(!own.is_empty() && own.iter().all(|event| event["doc"] == first.as_str()), "{own:?}");
    assert!(own.iter().any(|event| event["incident"] == id.as_str()), "{own:?}");
    get_json(&state, "/api/events?doc=0123", StatusCode::NOT_FOUND).await;

    let quotes = items(&get_json(&state, "/api/quotes?q=barbaric", StatusCode::OK).await);
    assert_eq!(quotes.len(), 1, "{quotes:?}");
    assert_eq!(quotes[0]["speaker_name"], "Vladimir Putin");
    let by_putin = get_json(&state, "/api/quotes?actor=putin", StatusCode::OK).await;
    assert_eq!(by_putin["total"], 1);

    // The incident page shows every report side by side, each linking to its evidence.
    let (status, _, html) = get(&state, &format!("/incidents/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("137") && html.contains("133"), "both figures are shown:\n{html}");
    for event in &events {
        let Some(event_id) = event["id"].as_str() else { panic!("an event without id") };
        assert!(html.contains(&format!("?fact={event_id}#fact-{event_id}")), "{html}");
    }
    // The evidence link picks the event out in its document.
    let event_id = own.iter().find(|event| event["incident"] == id.as_str()).map(|event| event["id"].clone());
    let event_id = event_id.and_then(|id| id.as_str().map(str::to_string)).unwrap_or_default();
    let (status, _, page) = get(&state, &format!("/documents/{first}?fact={event_id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&format!(r#"id="fact-{event_id}""#)), "{page}");
    assert!(page.contains(r#"<mark class="f fe sel""#), "the chosen event is marked:\n{page}");
    assert!(page.contains(r#"<mark class="f fq"#), "the quote is marked:\n{page}");
}

#[tokio::test]
async fn search_narrows_to_what_the_analysis_knows() {
    let documents = attack_reports();
    let state = state_with(&documents, None);
    let everything = get_json(&state, "/api/search?q=people", StatusCode::OK).await;
    assert_eq!(everything["total"], 3);
    let iran = get_json(&state, "/api/search?q=people&country=IR", StatusCode::OK).await;
    assert_eq!(iran["total"], 1);
    assert_eq!(iran["items"][0]["id"], documents[2].id.to_string());
    let putin = get_json(&state, "/api/search?q=people&actor=Vladimir%20Putin", StatusCode::OK).await;
    assert_eq!(putin["total"], 1);
    assert_eq!(putin["items"][0]["id"], documents[0].id.to_string());
    get_json(&state, "/api/search?q=people&country=Iran", StatusCode::BAD_REQUEST).await;
}

#[tokio::test]
async fn overview_and_incident_pages_draw_map_and_timeline_and_escape_page_text() {
    let mut documents = attack_reports();
    documents.push(document(
        "Gunmen killed 12 people in Herat on Monday. “We <script>alert(1)</script> warned them \
         <img src=x onerror=alert(1)>,” said Mullah Ahmad <b>Khan</b>.",
        HOSTILE_TITLE,
        25,
    ));
    let state = state_with(&documents, None);
    let (status, _, overview) = get(&state, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(overview.contains(r#"<svg id="map""#) && overview.contains(r#"<path class="land" d="M"#));
    assert!(overview.contains("<circle cx="), "incidents with places are drawn:\n{overview}");
    assert!(overview.contains(r#"<svg id="timeline""#) && overview.contains("/incidents?from=2024-03-01"));
    assert!(overview.contains(r#"<table id="latest-incidents""#));

    let snapshot = state.snapshot();
    let mut uris = vec![
        "/".to_string(),
        "/incidents".to_string(),
        "/incidents?country=AF".to_string(),
        "/incidents?type=nonsense".to_string(),
        format!("/documents/{}", documents[3].id),
    ];
    uris.extend(snapshot.data.incidents.iter().map(|incident| format!("/incidents/{}", incident.id)));
    uris.extend(snapshot.entities.iter().map(|entity| format!("/entities/{}", entity.id)));
    for uri in &uris {
        let (status, content_type, html) = get(&state, uri).await;
        let expected = if uri.contains("nonsense") { StatusCode::BAD_REQUEST } else { StatusCode::OK };
        assert_eq!(status, expected, "{uri}");
        assert!(content_type.starts_with("text/html"), "{uri}: {content_type}");
        assert!(!html.contains("<script>"), "{uri} lets a script through:\n{html}");
        assert!(!html.contains("<img"), "{uri} lets an image through:\n{html}");
        assert!(!html.contains("<b>"), "{uri} lets markup through:\n{html}");
    }
    let (_, _, page) = get(&state, &format!("/documents/{}", documents[3].id)).await;
    assert!(page.contains(&escaped("<script>alert(1)</script>")), "{page}");
    let (_, _, list) = get(&state, "/incidents?type=nonsense").await;
    assert!(list.contains("type must be one of"), "{list}");
}
