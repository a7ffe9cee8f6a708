# The Moldova reference pack's forms (forms/<id>.v1.json). Run: python3 scripts/packs/build_moldova.py
from moldova_common import L, write, text, date, option, options, boolean, field, form

FORMS = [
  form("notification", L("Notification of a child at risk", "Signalement d'un enfant en danger", "Sesizarea unui copil în situație de risc"), {
    "reported_at": field("string", L("Date and time of the report", "Date et heure du signalement", "Data și ora sesizării"), format="date-time"),
    "reporter_type": option(L("Reporter", "Auteur du signalement", "Sursa sesizării"), "reporter_types"),
    "reporter_name": text(L("Reporter's name", "Nom de l'auteur", "Numele sursei"), 200),
    "reporter_phone": field("string", L("Reporter's phone", "Téléphone de l'auteur", "Telefonul sursei"), format="phone"),
    "child_description": text(L("Child(ren) concerned", "Enfant(s) concerné(s)", "Copilul (copiii) vizați"), 2000, minLength=1),
    "concern_types": options(L("Type of concern", "Type de préoccupation", "Tipul îngrijorării"), "concern_types"),
    "concern_description": text(L("What happened", "Ce qui s'est passé", "Ce s-a întâmplat"), 8000, minLength=1),
    "immediate_danger": boolean(L("Child in immediate danger", "Enfant en danger immédiat", "Copil în pericol iminent")),
    "address": text(L("Address or place", "Adresse ou lieu", "Adresa sau locul"), 500),
  }, ["child_description", "concern_description", "immediate_danger"]),
  form("registration", L("Registration", "Enregistrement", "Înregistrare"), {
    "first_name": text(L("First name", "Prénom", "Prenume"), 100, minLength=1),
    "last_name": text(L("Last name", "Nom", "Nume"), 100, minLength=1),
    "sex": option(L("Sex", "Sexe", "Sex"), "sex"),
    "date_of_birth": date(L("Date of birth", "Date de naissance", "Data nașterii")),
    "date_of_birth_estimated": boolean(L("Date of birth estimated", "Date de naissance estimée", "Data nașterii estimată")),
    "consent_status": option(L("Informed consent of the parent or guardian", "Consentement éclairé du parent ou tuteur", "Consimțământul informat al părintelui sau tutorelui"), "consent_statuses"),
    "assent_status": option(L("Child's assent", "Assentiment de l'enfant", "Acordul copilului"), "assent_statuses"),
    "caregiver_name": text(L("Main caregiver", "Personne qui s'occupe de l'enfant", "Îngrijitorul principal"), 200),
    "caregiver_relationship": option(L("Caregiver's relationship to the child", "Lien avec l'enfant", "Relația cu copilul"), "caregiver_relationships"),
    "address": text(L("Current address", "Adresse actuelle", "Adresa actuală"), 500),
    "disability": boolean(L("Child with a disability", "Enfant en situation de handicap", "Copil cu dizabilități")),
    "languages": options(L("Languages spoken", "Langues parlées", "Limbi vorbite"), "languages"),
  }, ["first_name", "last_name", "sex", "date_of_birth", "consent_status", "assent_status"]),
  form("initial_assessment", L("Initial assessment", "Évaluation initiale", "Evaluarea inițială"), {
    "assessment_date": date(L("Assessment date", "Date de l'évaluation", "Data evaluării")),
    "risk_level": option(L("Risk level", "Niveau de risque", "Nivelul de risc"), "risk_levels"),
    "protection_concerns": options(L("Protection concerns", "Préoccupations de protection", "Probleme de protecție"), "concern_types"),
    "immediate_safety_measures": text(L("Immediate safety measures taken", "Mesures de sécurité immédiates", "Măsuri imediate de siguranță"), 4000),
    "summary": text(L("Summary", "Synthèse", "Rezumat"), 8000, minLength=1),
  }, ["assessment_date", "risk_level", "summary"]),
  form("health_assessment", L("Health assessment", "Évaluation médicale", "Evaluarea stării de sănătate"), {
    "examination_date": date(L("Examination date", "Date de l'examen", "Data examinării")),
    "examined_by": text(L("Examined by", "Examiné par", "Examinat de"), 200),
    "physical_injuries": text(L("Physical injuries", "Blessures physiques", "Leziuni fizice"), 4000),
    "sexual_abuse_findings": text(L("Findings of sexual abuse", "Constatations d'abus sexuel", "Constatări de abuz sexual"), 4000, **{"x-sensitive": True}),
    "medical_needs": text(L("Medical needs", "Besoins médicaux", "Nevoi medicale"), 4000),
    "referral_needed": boolean(L("Referral to a specialist needed", "Orientation vers un spécialiste", "Necesită trimitere la specialist")),
  }, ["examination_date"]),
  form("education_assessment", L("Education assessment", "Évaluation scolaire", "Evaluarea educațională"), {
    "school_enrolled": boolean(L("Enrolled in school or kindergarten", "Inscrit à l'école ou en maternelle", "Înscris la școală sau grădiniță")),
    "school_name": text(L("School", "École", "Școala"), 200),
    "attendance": option(L("Attendance", "Assiduité", "Frecvența"), "attendance_levels"),
    "learning_needs": text(L("Learning needs", "Besoins d'apprentissage", "Nevoi de învățare"), 4000),
    "observations": text(L("Teacher's observations", "Observations de l'enseignant", "Observațiile cadrului didactic"), 4000),
  }, ["school_enrolled"]),
  form("psychosocial_assessment", L("Psychosocial assessment", "Évaluation psychosociale", "Evaluarea psihosocială"), {
    "session_date": date(L("Session date", "Date de la séance", "Data ședinței")),
    "emotional_state": text(L("Emotional state", "État émotionnel", "Starea emoțională"), 4000),
    "trauma_indicators": text(L("Trauma indicators", "Indicateurs de traumatisme", "Indicatori de traumă"), 4000, **{"x-sensitive": True}),
    "recommendations": text(L("Recommendations", "Recommandations", "Recomandări"), 4000),
  }, ["session_date"]),
  form("comprehensive_assessment", L("Comprehensive assessment", "Évaluation approfondie", "Evaluarea complexă"), {
    "assessment_date": date(L("Assessment date", "Date de l'évaluation", "Data evaluării")),
    "needs_identified": options(L("Needs identified", "Besoins identifiés", "Nevoi identificate"), "needs_domains"),
    "strengths": text(L("Strengths and resources", "Forces et ressources", "Puncte forte și resurse"), 4000),
    "family_situation": text(L("Family situation", "Situation familiale", "Situația familiei"), 4000),
    "recommendations": text(L("Recommendations", "Recommandations", "Recomandări"), 4000),
    "summary": text(L("Summary", "Synthèse", "Rezumat"), 8000, minLength=1),
  }, ["assessment_date", "summary"]),
  form("care_plan", L("Individual care plan", "Plan de prise en charge individuel", "Planul individualizat de asistență"), {
    "goals": {"type": "array", "title": "Goals and services", "x-label": L("Goals and services", "Objectifs et services", "Obiective și servicii"), "minItems": 1, "maxItems": 30,
      "items": {"type": "object", "additionalProperties": False, "required": ["goal"], "properties": {
        "goal": text(L("Goal", "Objectif", "Obiectiv"), 1000, minLength=1),
        "service": option(L("Service", "Service", "Serviciu"), "services"),
        "responsible": text(L("Responsible", "Responsable", "Responsabil"), 200),
        "target_date": date(L("Target date", "Date cible", "Termen"))}}},
    "review_date": date(L("Next review date", "Date de la prochaine révision", "Data următoarei revizuiri")),
    "child_views": text(L("Child's views", "Avis de l'enfant", "Opinia copilului"), 4000),
    "caregiver_agreement": boolean(L("Caregiver agrees with the plan", "Accord de la personne qui s'occupe de l'enfant", "Îngrijitorul este de acord cu planul")),
  }, ["goals", "review_date"]),
  form("referral", L("Referral", "Orientation", "Referire"), {
    "service_type": option(L("Service", "Service", "Serviciu"), "services"),
    "receiving_agency": text(L("Receiving agency", "Organisme destinataire", "Instituția care primește"), 300, minLength=1),
    "reason": text(L("Reason", "Motif", "Motivul"), 4000, minLength=1),
    "urgency": option(L("Urgency", "Urgence", "Urgența"), "urgency_levels"),
    "consent_to_share": boolean(L("Consent to share information", "Consentement au partage d'informations", "Consimțământ pentru transmiterea informațiilor")),
    "information_shared": text(L("Information shared", "Informations partagées", "Informații transmise"), 4000),
  }, ["service_type", "receiving_agency", "reason", "consent_to_share"]),
  form("follow_up_visit", L("Follow-up visit", "Visite de suivi", "Vizită de monitorizare"), {
    "visit_date": date(L("Visit date", "Date de la visite", "Data vizitei")),
    "visit_type": option(L("Type of visit", "Type de visite", "Tipul vizitei"), "visit_types"),
    "child_seen": boolean(L("Child seen", "Enfant vu", "Copilul a fost văzut")),
    "observations": text(L("Observations", "Observations", "Observații"), 8000),
    "progress": option(L("Progress on the care plan", "Progrès du plan", "Progresul planului"), "progress_levels"),
    "next_visit_date": date(L("Next visit", "Prochaine visite", "Următoarea vizită")),
  }, ["visit_date", "child_seen"]),
  form("placement", L("Placement", "Placement", "Plasament"), {
    "placement_type": option(L("Type of placement", "Type de placement", "Tipul plasamentului"), "placement_types"),
    "placement_date": date(L("Placement date", "Date du placement", "Data plasamentului")),
    "carer_name": text(L("Carer or service", "Famille ou service d'accueil", "Asistentul parental sau serviciul"), 300),
    "address": text(L("Address", "Adresse", "Adresa"), 500),
    "authorised_by": text(L("Authorised by", "Autorisé par", "Autorizat de"), 300),
  }, ["placement_type", "placement_date"]),
  form("closure", L("Case closure", "Clôture du dossier", "Închiderea cazului"), {
    "closure_reason": option(L("Reason for closure", "Motif de clôture", "Motivul închiderii"), "closure_reasons"),
    "closure_date": date(L("Closure date", "Date de clôture", "Data închiderii")),
    "last_contact_date": date(L("Last contact with the child", "Dernier contact avec l'enfant", "Ultimul contact cu copilul")),
    "summary": text(L("Closing summary", "Synthèse de clôture", "Rezumatul închiderii"), 8000, minLength=1),
  }, ["closure_reason", "closure_date", "summary"]),
  form("transfer", L("Case transfer", "Transfert du dossier", "Transferul cazului"), {
    "receiving_location": text(L("Receiving district or community", "District ou commune de destination", "Raionul sau comunitatea care preia"), 200, minLength=1),
    "receiving_agency": text(L("Receiving agency", "Organisme destinataire", "Instituția care preia"), 300),
    "reason": text(L("Reason", "Motif", "Motivul"), 4000, minLength=1),
    "transfer_date": date(L("Transfer date", "Date du transfert", "Data transferului")),
  }, ["receiving_location", "reason", "transfer_date"]),
]

def write_forms():
    for f in FORMS:
        write(f"forms/{f['id']}.v1.json", f)
    return [{"id": f["id"], "version": 1} for f in FORMS]
