# Generates the Moldova reference pack (sops/moldova/*.json and forms/*.v1.json).
# The JSON files are the source of truth once generated; this script only keeps labels consistent.
from moldova_common import L, write
from build_moldova_forms import write_forms

forms = write_forms()
write("sops/moldova/pack.json", {
  "formatVersion": 1, "id": "moldova",
  "name": L("Moldova: inter-agency child protection case management", "Moldavie : gestion des cas de protection de l'enfance", "Moldova: managementul intersectorial al cazurilor de protecție a copilului"),
  "country": "MD", "locales": ["en", "fr", "ro"], "defaultLocale": "en", "formsDir": "../../forms",
  "caseTypes": [
    {"id": "notification", "label": L("Notification", "Signalement", "Sesizare"), "startStep": "notification_received", "startForm": "notification",
     "caseNumberFormat": "NT-{district}-{yyyy}-{seq:6}", "assignTo": "none"},
    {"id": "child_protection", "label": L("Child protection case", "Dossier de protection de l'enfance", "Caz de protecție a copilului"),
     "startStep": "registration", "startForm": "registration", "caseNumberFormat": "MD-{district}-{yyyy}-{seq:6}", "assignTo": "creator",
     "identity": {"name": ["registration.first_name", "registration.last_name"], "dateOfBirth": "registration.date_of_birth", "sex": "registration.sex"},
     "riskField": "initial_assessment.risk_level"}],
  "forms": forms,
  "calendar": {"weekend": [0, 6], "holidays": [
    "2026-01-01", "2026-01-07", "2026-01-08", "2026-03-08", "2026-04-12", "2026-04-13", "2026-04-20", "2026-05-01", "2026-05-09",
    "2026-06-01", "2026-08-27", "2026-08-31", "2026-12-25",
    "2027-01-01", "2027-01-07", "2027-01-08", "2027-03-08", "2027-05-01", "2027-05-02", "2027-05-03", "2027-05-09", "2027-05-10",
    "2027-06-01", "2027-08-27", "2027-08-31", "2027-12-25"]},
})

S = lambda id, en, fr, ro, kind="normal", forms=None: {"id": id, "label": L(en, fr, ro), "kind": kind, **({"forms": forms} if forms else {})}
F = lambda form, use="required", **kw: {"form": form, "use": use, **kw}
OPEN = ["initial_assessment", "emergency_placement", "specialised_assessment", "comprehensive_assessment", "case_planning", "implementation", "follow_up", "paused"]
def T(id, en, fr, ro, frm, to, roles, **kw): return {"id": id, "label": L(en, fr, ro), "from": frm, "to": to, "roles": roles, **kw}
def msg(en, fr, ro): return L(en, fr, ro)

write("sops/moldova/workflow.json", {
  "steps": [
    S("notification_received", "Notification received", "Signalement reçu", "Sesizare primită", forms=[F("notification")]),
    S("notification_processed", "Notification processed", "Signalement traité", "Sesizare procesată", "terminal"),
    S("registration", "Registration", "Enregistrement", "Înregistrare", forms=[F("registration")]),
    S("initial_assessment", "Initial assessment", "Évaluation initiale", "Evaluare inițială", forms=[F("initial_assessment"), F("referral", "repeatable")]),
    S("emergency_placement", "Emergency placement", "Placement d'urgence", "Plasament de urgență", forms=[F("placement", "optional"), F("referral", "repeatable")]),
    S("specialised_assessment", "Specialised assessments", "Évaluations spécialisées", "Evaluări specializate",
      forms=[F("health_assessment", "optional"), F("education_assessment", "optional"), F("psychosocial_assessment", "optional")]),
    S("comprehensive_assessment", "Comprehensive assessment", "Évaluation approfondie", "Evaluare complexă", forms=[F("comprehensive_assessment")]),
    S("case_planning", "Care planning", "Plan de prise en charge", "Planificarea asistenței", forms=[F("care_plan")]),
    S("implementation", "Implementation and referral", "Mise en œuvre et orientation", "Implementare și referire",
      forms=[F("referral", "repeatable"), F("placement", "optional"), F("follow_up_visit", "repeatable")]),
    S("follow_up", "Follow-up and review", "Suivi et révision", "Monitorizare și revizuire", forms=[F("follow_up_visit", "repeatable", minEntries=1), F("care_plan", "optional")]),
    S("paused", "Paused", "Suspendu", "Suspendat", "paused"),
    S("closed", "Closed", "Clôturé", "Închis", "terminal"),
    S("transferred", "Transferred", "Transféré", "Transferat", "terminal"),
  ],
  "transitions": [
    T("process_notification", "Mark notification processed", "Marquer le signalement comme traité", "Marchează sesizarea ca procesată",
      ["notification_received"], "notification_processed", ["caseworker", "supervisor"], requiresForms=["notification"]),
    T("start_assessment", "Start initial assessment", "Commencer l'évaluation initiale", "Începe evaluarea inițială",
      ["registration"], "initial_assessment", ["caseworker"], requiresForms=["registration"],
      guards=[{"rule": {"in": [{"var": "forms.registration.consent_status"}, ["given", "not_required_emergency"]]},
               "message": msg("Consent must be given, or recorded as not required in an emergency, before the assessment starts.",
                              "Le consentement doit être donné, ou noté comme non requis en urgence, avant l'évaluation.",
                              "Consimțământul trebuie obținut sau consemnat ca nenecesar în urgență înainte de evaluare.")}]),
    T("request_emergency_placement", "Request emergency placement", "Demander un placement d'urgence", "Solicită plasament de urgență",
      ["initial_assessment"], "emergency_placement", ["caseworker"], requiresForms=["initial_assessment", "referral"],
      guards=[{"rule": {"==": [{"var": "case.risk"}, "high"]},
               "message": msg("Emergency placement needs a high risk level.", "Un placement d'urgence exige un risque élevé.", "Plasamentul de urgență necesită un nivel de risc înalt.")}],
      approval={"roles": ["district_authority"]}),
    T("start_specialised_assessments", "Request specialised assessments", "Demander les évaluations spécialisées", "Solicită evaluări specializate",
      ["initial_assessment", "emergency_placement"], "specialised_assessment", ["caseworker"], requiresForms=["initial_assessment"]),
    T("start_comprehensive_assessment", "Start comprehensive assessment", "Commencer l'évaluation approfondie", "Începe evaluarea complexă",
      ["specialised_assessment"], "comprehensive_assessment", ["caseworker"]),
    T("start_care_planning", "Start care planning", "Commencer le plan de prise en charge", "Începe planificarea",
      ["comprehensive_assessment"], "case_planning", ["caseworker"], requiresForms=["comprehensive_assessment"]),
    T("implement_care_plan", "Submit care plan for approval", "Soumettre le plan pour approbation", "Transmite planul spre aprobare",
      ["case_planning"], "implementation", ["caseworker"], requiresForms=["care_plan"], approval={"roles": ["supervisor"]}),
    T("start_follow_up", "Start follow-up", "Commencer le suivi", "Începe monitorizarea", ["implementation"], "follow_up", ["caseworker"]),
    T("close_case", "Close case", "Clôturer le dossier", "Închide cazul", [s for s in OPEN if s != "emergency_placement"], "closed",
      ["caseworker", "supervisor"], requiresForms=["closure"],
      guards=[{"rule": {"if": [{"==": [{"var": "forms.closure.closure_reason"}, "no_contact"]},
                               {">=": [{"days_between": [{"var": "forms.closure.last_contact_date"}, {"var": "now"}]}, 30]}, True]},
               "message": msg("A case can be closed for loss of contact only after 30 days without contact.",
                              "Un dossier ne peut être clôturé pour perte de contact qu'après 30 jours sans contact.",
                              "Cazul poate fi închis pentru pierderea contactului doar după 30 de zile fără contact.")}],
      effects=[{"type": "set_case_field", "field": "closureReason", "value": {"var": "forms.closure.closure_reason"}}]),
    T("pause_case", "Pause case", "Suspendre le dossier", "Suspendă cazul", "*", "paused", ["caseworker", "supervisor"]),
    T("resume_case", "Resume case", "Reprendre le dossier", "Reia cazul", ["paused"], "@previous", ["caseworker", "supervisor"]),
    T("transfer_case", "Transfer case", "Transférer le dossier", "Transferă cazul", [s for s in OPEN if s != "emergency_placement"], "transferred",
      ["supervisor"], requiresForms=["transfer"]),
    T("reopen_case", "Reopen case", "Rouvrir le dossier", "Redeschide cazul", ["closed"], "initial_assessment", ["supervisor", "caseworker"],
      effects=[{"type": "clear_case_field", "field": "closureReason"}]),
  ],
})

def D(id, en, fr, ro, **kw): return {"id": id, "label": L(en, fr, ro), **kw}
risk = lambda level: {"==": [{"var": "case.risk"}, level]}
write("sops/moldova/deadlines.json", {"deadlines": [
  D("initial_response", "Response according to risk level", "Réponse selon le niveau de risque", "Răspuns conform nivelului de risc",
    caseTypes=["child_protection"], anchor={"event": "case_registered"}, when={"!!": [{"var": "case.risk"}]},
    due=[{"when": risk("high"), "after": {"hours": 48}}, {"when": risk("medium"), "after": {"days": 5}}, {"after": {"days": 10}}],
    closeOn=[{"event": "form_submitted", "form": "comprehensive_assessment"}],
    reminders=[{"before": {"hours": 12}, "notify": ["case_owner"]}],
    escalation=[{"afterOverdue": {"hours": 24}, "notify": ["case_owner_supervisor"]}, {"afterOverdue": {"days": 3}, "notify": ["district_authority"]}]),
  D("initial_assessment_due", "Initial assessment within 3 working days", "Évaluation initiale sous 3 jours ouvrés", "Evaluarea inițială în 3 zile lucrătoare",
    caseTypes=["child_protection"], anchor={"event": "case_registered"}, due=[{"after": {"days": 3, "workingDays": True}}],
    closeOn=[{"event": "form_submitted", "form": "initial_assessment"}],
    reminders=[{"before": {"days": 1}, "notify": ["case_owner"]}], escalation=[{"afterOverdue": {"days": 1}, "notify": ["case_owner_supervisor"]}]),
  D("notification_processing", "Process the notification within 24 hours", "Traiter le signalement sous 24 heures", "Procesarea sesizării în 24 de ore",
    caseTypes=["notification"], anchor={"event": "case_registered"}, due=[{"after": {"hours": 24}}],
    closeOn=[{"event": "step_entered", "step": "notification_processed"}], escalation=[{"afterOverdue": {"hours": 12}, "notify": ["supervisor"]}]),
  D("care_plan_review", "Care plan review", "Révision du plan", "Revizuirea planului",
    caseTypes=["child_protection"], anchor={"event": "date_answer", "form": "care_plan", "field": "review_date"}, due=[{"after": {"hours": 0}}],
    closeOn=[{"event": "form_submitted", "form": "follow_up_visit"}],
    reminders=[{"before": {"days": 2}, "notify": ["case_owner"]}], escalation=[{"afterOverdue": {"days": 1}, "notify": ["case_owner_supervisor"]}]),
  D("emergency_placement_authorisation", "Authorise the emergency placement within 24 hours", "Autoriser le placement d'urgence sous 24 heures", "Autorizarea plasamentului de urgență în 24 de ore",
    caseTypes=["child_protection"], anchor={"event": "form_submitted", "form": "referral"}, when=risk("high"), due=[{"after": {"hours": 24}}],
    closeOn=[{"event": "step_entered", "step": "emergency_placement"}, {"event": "step_entered", "step": "specialised_assessment"}],
    escalation=[{"afterOverdue": {"hours": 6}, "notify": ["district_authority"]}]),
]})

ALL_FORMS = [f["id"] for f in forms]
CASE_FORMS = [f for f in ALL_FORMS if f != "notification"]
def R(id, en, fr, ro, scope, **kw): return {"id": id, "label": L(en, fr, ro), "scope": scope, **kw}
write("sops/moldova/roles.json", {"roles": [
  R("reporter", "Reporter (police, teacher, community)", "Auteur de signalement", "Sursă de sesizare", "own", createCaseTypes=["notification"], forms={"fill": ["notification"], "read": ["notification"]}),
  R("caseworker", "Caseworker (community social worker)", "Travailleur social", "Asistent social comunitar", "location", createCaseTypes=["child_protection"],
    forms={"fill": ["registration", "initial_assessment", "comprehensive_assessment", "care_plan", "referral", "follow_up_visit", "placement", "closure", "transfer"], "read": ALL_FORMS}),
  R("supervisor", "Supervisor", "Superviseur", "Supervizor", "location", forms={"fill": ["care_plan", "closure", "transfer"], "read": ALL_FORMS}),
  R("doctor", "Doctor", "Médecin", "Medic", "assigned", forms={"fill": ["health_assessment"], "read": ["registration", "health_assessment"]}),
  R("teacher", "Teacher", "Enseignant", "Cadru didactic", "assigned", forms={"fill": ["education_assessment"], "read": ["registration", "education_assessment"]},
    hiddenFields=["health_assessment.sexual_abuse_findings"]),
  R("psychologist", "Psychologist", "Psychologue", "Psiholog", "assigned", forms={"fill": ["psychosocial_assessment"], "read": ["registration", "psychosocial_assessment"]}),
  R("district_authority", "District guardianship authority", "Autorité tutélaire de district", "Autoritatea tutelară teritorială", "location",
    forms={"read": ALL_FORMS}, hiddenFields=["health_assessment.sexual_abuse_findings", "psychosocial_assessment.trauma_indicators"]),
  R("national_analyst", "National analyst", "Analyste national", "Analist național", "none"),
  R("administrator", "Administrator", "Administrateur", "Administrator", "none", administer=True, requiresTwoFactor=True),
]})

def loc(code, en, level, children=None, fr=None, ro=None):
    n = {"code": code, "name": L(en, fr or en, ro or en), "level": level}
    if children: n["children"] = children
    return n
write("sops/moldova/locations.json", {"levels": ["country", "district", "community"], "root":
  loc("MD", "Republic of Moldova", "country", [
    loc("CH", "Chișinău", "district", [loc("CH01", "Bubuieci", "community"), loc("CH02", "Codru", "community")]),
    loc("ST", "Strășeni", "district", [loc("ST01", "Strășeni town", "community", fr="Ville de Strășeni", ro="Orașul Strășeni"), loc("ST02", "Bucovăț", "community")]),
    loc("OR", "Orhei", "district", [loc("OR01", "Orhei town", "community", fr="Ville d'Orhei", ro="Orașul Orhei"), loc("OR02", "Peresecina", "community")]),
  ], fr="République de Moldavie", ro="Republica Moldova")})

O = lambda v, en, fr, ro: {"value": v, "label": L(en, fr, ro)}
write("sops/moldova/option-lists.json", {"optionLists": {
  "sex": [O("female", "Female", "Féminin", "Feminin"), O("male", "Male", "Masculin", "Masculin")],
  "reporter_types": [O("police", "Police", "Police", "Poliție"), O("teacher", "Teacher", "Enseignant", "Cadru didactic"), O("doctor", "Doctor", "Médecin", "Medic"),
    O("neighbour", "Neighbour or community member", "Voisin ou membre de la communauté", "Vecin sau membru al comunității"), O("helpline", "Helpline", "Ligne d'écoute", "Linia telefonului copilului"),
    O("relative", "Relative", "Proche", "Rudă"), O("child", "The child", "L'enfant lui-même", "Copilul însuși"), O("other", "Other", "Autre", "Altul")],
  "concern_types": [O("physical_abuse", "Physical abuse", "Violence physique", "Abuz fizic"), O("sexual_abuse", "Sexual abuse", "Abus sexuel", "Abuz sexual"),
    O("emotional_abuse", "Emotional abuse", "Violence psychologique", "Abuz emoțional"), O("neglect", "Neglect", "Négligence", "Neglijare"),
    O("exploitation", "Labour or economic exploitation", "Exploitation", "Exploatare prin muncă"), O("trafficking", "Trafficking", "Traite", "Trafic de copii"),
    O("unaccompanied", "Left without parental care", "Privé de soins parentaux", "Rămas fără îngrijire părintească"), O("other", "Other", "Autre", "Altul")],
  "consent_statuses": [O("given", "Given", "Donné", "Oferit"), O("refused", "Refused", "Refusé", "Refuzat"),
    O("not_required_emergency", "Not required (emergency)", "Non requis (urgence)", "Nu este necesar (urgență)")],
  "assent_statuses": [O("given", "Given", "Donné", "Oferit"), O("refused", "Refused", "Refusé", "Refuzat"), O("too_young", "Child too young", "Enfant trop jeune", "Copil prea mic")],
  "caregiver_relationships": [O("mother", "Mother", "Mère", "Mamă"), O("father", "Father", "Père", "Tată"), O("grandparent", "Grandparent", "Grand-parent", "Bunic/bunică"),
    O("other_relative", "Other relative", "Autre proche", "Altă rudă"), O("foster_carer", "Foster carer", "Famille d'accueil", "Asistent parental"), O("other", "Other", "Autre", "Altul")],
  "languages": [O("ro", "Romanian", "Roumain", "Română"), O("ru", "Russian", "Russe", "Rusă"), O("uk", "Ukrainian", "Ukrainien", "Ucraineană"),
    O("gag", "Gagauz", "Gagaouze", "Găgăuză"), O("other", "Other", "Autre", "Alta")],
  "risk_levels": [O("high", "High", "Élevé", "Înalt"), O("medium", "Medium", "Moyen", "Mediu"), O("low", "Low", "Faible", "Scăzut")],
  "needs_domains": [O("safety", "Safety", "Sécurité", "Siguranță"), O("health", "Health", "Santé", "Sănătate"), O("education", "Education", "Éducation", "Educație"),
    O("psychosocial", "Psychosocial wellbeing", "Bien-être psychosocial", "Bunăstare psihosocială"), O("family", "Family relationships", "Relations familiales", "Relații familiale"),
    O("material", "Material needs", "Besoins matériels", "Nevoi materiale"), O("legal", "Legal documents", "Documents juridiques", "Acte juridice")],
  "services": [O("health_care", "Health care", "Soins de santé", "Asistență medicală"), O("counselling", "Psychological counselling", "Soutien psychologique", "Consiliere psihologică"),
    O("schooling", "Schooling", "Scolarisation", "Școlarizare"), O("legal_aid", "Legal aid", "Aide juridique", "Asistență juridică"),
    O("foster_care", "Foster care", "Famille d'accueil", "Asistență parentală profesionistă"), O("residential_care", "Residential care", "Accueil en établissement", "Îngrijire rezidențială"),
    O("family_support", "Family support", "Soutien familial", "Sprijin familial"), O("adoption", "Adoption agency", "Service d'adoption", "Serviciul de adopție"),
    O("cash_assistance", "Cash assistance", "Aide financière", "Ajutor bănesc")],
  "urgency_levels": [O("immediate", "Immediate", "Immédiate", "Imediată"), O("within_week", "Within a week", "Sous une semaine", "În decurs de o săptămână"), O("routine", "Routine", "Normale", "De rutină")],
  "attendance_levels": [O("regular", "Regular", "Régulière", "Regulată"), O("irregular", "Irregular", "Irrégulière", "Neregulată"), O("not_attending", "Not attending", "Absent", "Nu frecventează")],
  "visit_types": [O("home", "Home visit", "Visite à domicile", "Vizită la domiciliu"), O("school", "School visit", "Visite à l'école", "Vizită la școală"),
    O("office", "Office meeting", "Rendez-vous au bureau", "Întâlnire la birou"), O("phone", "Phone call", "Appel téléphonique", "Apel telefonic")],
  "progress_levels": [O("on_track", "On track", "Conforme", "Conform planului"), O("some_progress", "Some progress", "Progrès partiel", "Progres parțial"),
    O("no_progress", "No progress", "Aucun progrès", "Fără progres"), O("worsened", "Situation worsened", "Situation aggravée", "Situație agravată")],
  "placement_types": [O("foster_care", "Foster care", "Famille d'accueil", "Asistență parentală profesionistă"), O("kinship_care", "Kinship care", "Accueil par un proche", "Îngrijire de către rude"),
    O("family_type_home", "Family-type home", "Foyer de type familial", "Casă de copii de tip familial"), O("residential_care", "Residential care", "Établissement", "Îngrijire rezidențială"),
    O("reunification", "Reunification with the family", "Réunification familiale", "Reintegrare în familie"), O("adoption", "Adoption", "Adoption", "Adopție")],
  "closure_reasons": [O("needs_met", "Needs met", "Besoins satisfaits", "Nevoi satisfăcute"), O("request", "At the family's or child's request", "À la demande de la famille ou de l'enfant", "La cererea familiei sau a copilului"),
    O("no_contact", "No contact for 30 days or more", "Aucun contact depuis 30 jours ou plus", "Fără contact 30 de zile sau mai mult"), O("death", "Death", "Décès", "Deces"),
    O("transfer", "Transferred", "Transfert", "Transfer")],
}})

write("sops/moldova/organisations.json", {
  "agencies": [
    {"id": "police_ch", "name": L("Chișinău police inspectorate", "Inspection de police de Chișinău", "Inspectoratul de poliție Chișinău"), "location": "CH"},
    {"id": "social_ch", "name": L("Chișinău directorate of social assistance and child protection", "Direction de l'assistance sociale et de la protection de l'enfance de Chișinău", "Direcția asistență socială și protecția copilului Chișinău"), "location": "CH"},
    {"id": "health_ch", "name": L("Bubuieci health centre", "Centre de santé de Bubuieci", "Centrul de sănătate Bubuieci"), "location": "CH01"},
    {"id": "school_ch01", "name": L("Bubuieci gymnasium", "Collège de Bubuieci", "Gimnaziul Bubuieci"), "location": "CH01"},
    {"id": "social_st", "name": L("Strășeni social assistance section", "Service d'assistance sociale de Strășeni", "Secția asistență socială Strășeni"), "location": "ST"},
    {"id": "guardianship_ch", "name": L("Chișinău territorial guardianship authority", "Autorité tutélaire territoriale de Chișinău", "Autoritatea tutelară teritorială Chișinău"), "location": "CH"}],
  "teams": [
    {"id": "ch_social_team", "name": L("Chișinău social work team", "Équipe sociale de Chișinău", "Echipa de asistență socială Chișinău"), "agency": "social_ch"},
    {"id": "st_social_team", "name": L("Strășeni social work team", "Équipe sociale de Strășeni", "Echipa de asistență socială Strășeni"), "agency": "social_st"}],
})

U = lambda username, name, roles, location, agency=None, team=None, locale="en": {k: v for k, v in {
  "username": username, "displayName": name, "roles": roles, "agency": agency, "team": team, "location": location, "locale": locale}.items() if v is not None}
write("sops/moldova/demo-users.json", {"users": [
  U("admin", "Natalia Ceban", ["administrator"], "MD"),
  U("police", "Sergiu Botnaru", ["reporter"], "CH01", "police_ch", locale="ro"),
  U("caseworker", "Maria Guțu", ["caseworker"], "CH01", "social_ch", "ch_social_team"),
  U("caseworker2", "Vasile Moraru", ["caseworker"], "ST01", "social_st", "st_social_team", "ro"),
  U("supervisor", "Elena Rotaru", ["supervisor"], "CH", "social_ch", "ch_social_team"),
  U("doctor", "Andrei Cojocaru", ["doctor"], "CH01", "health_ch"),
  U("teacher", "Ana Lupu", ["teacher"], "CH01", "school_ch01", locale="ro"),
  U("psychologist", "Victor Prodan", ["psychologist"], "CH", "social_ch", locale="fr"),
  U("district", "Dumitru Bălan", ["district_authority"], "CH", "guardianship_ch"),
  U("analyst", "Irina Popa", ["national_analyst"], "MD"),
]})
print("Moldova pack written")
